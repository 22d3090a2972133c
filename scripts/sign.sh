#!/bin/bash
# make signed SIGNOFF='Jane Doe <jane@example.org>': the series of series/
# and qemu-series/, as whoever sends it must send it, in build/signed/ and
# build/signed-qemu/: every patch from and signed off by SIGNOFF instead of
# the placeholder identity that keeps the commits here reproducible
# (Documentation/process/submitting-patches.rst, Developer's Certificate
# of Origin). Only the From: and Signed-off-by: lines and the cover
# letter's shortlog name change; series/ stays as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

PLACEHOLDER='Vfio-AP Developers <vfio-ap-dev@example.org>'
SIGNOFF=${SIGNOFF:-}
if ! [[ "$SIGNOFF" =~ ^[^\<\>]+\ \<[^\<\>@\ ]+@[^\<\>@\ ]+\>$ ]]; then
	echo "sign: SIGNOFF='Name <address>' is needed, the identity of the sender" >&2
	exit 1
fi
name=${SIGNOFF% <*}

sign() {
	local in=$1 out=$2 f n
	rm -rf "$out"
	mkdir -p "$out"
	for f in "$in"/*.patch; do
		n=$(grep -c -F "$PLACEHOLDER" "$f" || true)
		[ "$n" -gt 0 ] || { echo "sign: $f holds no placeholder identity" >&2; exit 1; }
		SIGNOFF=$SIGNOFF NAME=$name PH=$PLACEHOLDER perl -pe '
			BEGIN { $ph = $ENV{PH}; ($phname = $ph) =~ s/ <.*//; }
			s/^(From|Signed-off-by): \Q$ph\E$/$1: $ENV{SIGNOFF}/;
			s/^\Q$phname\E (\(\d+\):)$/$ENV{NAME} $1/;
		' "$f" > "$out/${f##*/}"
		if grep -q -F "$PLACEHOLDER" "$out/${f##*/}"; then
			echo "sign: $out/${f##*/} still holds the placeholder identity" >&2
			exit 1
		fi
	done
	echo "sign: $(ls "$out"/*.patch | wc -l) files in $out/, from and signed off by $SIGNOFF"
}

sign series build/signed
[ -d qemu-series ] && sign qemu-series build/signed-qemu
echo "sign: check with scripts/checkpatch.pl, then git send-email build/signed/*.patch"
