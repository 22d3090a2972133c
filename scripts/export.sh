#!/bin/bash
# Write the commits of build/linux (base..HEAD) back to series/ (with
# PRODUCT=qemu: build/qemu to qemu-series/), with the
# cover letter from the branch description.  Deterministic: zero commit
# ids, no signature, and the cover letter dated like the last patch.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${1:-$TREE}
OUT=${2:-$SERIES}

n=$(git -C "$T" rev-list --count base..HEAD)
if [ "$n" = 0 ]; then
	echo "export: no commits on top of base in $T; $OUT/ left as it is" >&2
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GIT_COMMITTER_DATE=$(git -C "$T" log -1 --format=%aD HEAD) \
git -C "$T" format-patch -q --zero-commit --no-signature --base=base \
	--cover-letter --cover-from-description=subject --no-numbered-files \
	-o "$tmp" base..HEAD
mkdir -p "$OUT"
rm -f "$OUT"/*.patch
cp "$tmp"/*.patch "$OUT"/
echo "export: $n patches + cover letter to $OUT/"
