#!/bin/bash
# The QEMU side: qemu-series/ on Debian's QEMU source (qemu.version).
#   qemu.sh base    build/qemu-base: the source package as Debian builds
#                   it (dpkg-source -x applies Debian's patches), as a git
#                   repository with the tag base
#   qemu.sh build   configure (once) and build qemu-system-s390x of
#                   build/qemu as it is now into build/qemu-out
#   qemu.sh prebuild  the base's qemu-system-s390x into build/qemu-out,
#                   so that check's base build is a no-op (make check
#                   runs it in the background while the kernel builds)
#   qemu.sh check   every patch: QEMU's checkpatch.pl, and a build with
#                   -Werror if it changes a file the build reads; the
#                   final tree: the device's properties, QEMU's
#                   device-introspect qtest, the VMState of the vfio-ap
#                   device against the base's, the docs; prints 'N passed,
#                   N failed' for the QEMU side
# There is no s390 KVM here and TCG has no AP facility, so no vfio-ap
# device can be realized: what needs the device is for s390 hardware.
set -uo pipefail
cd "$(dirname "$0")/.."
export PRODUCT=qemu
. scripts/lib.sh
read -r QPKG QVER < qemu.version
QO=build/qemu-out
QPP=build/qemu-pp
QLOG=build/qemu-check

# Only what the s390x system emulator needs; TCG stays (the machine
# needs an accelerator to start, and qtest is for tests only).
# Debian's python3, which sees the meson that scripts/deps.sh installs
# (another python3 may come first in PATH); no firmware blobs (Debian's
# +ds source has none, and Debian's own build disables them too);
# ccache through Debian's compiler links.  No debug information: the
# binary only runs the checks below, and -g makes a cold build 1.2 times
# longer (150 s against 126 s of an idle 2-core machine, ccache off).
QCONF=(--target-list=s390x-softmmu --without-default-features --disable-docs
       --disable-download --disable-rust --enable-werror --enable-tcg
       --disable-install-blobs --disable-debug-info --python=/usr/bin/python3)
export PATH=/usr/lib/ccache:$PATH

base() {
	[ -d "$BASE/.git" ] && git -C "$BASE" rev-parse -q --verify refs/tags/base > /dev/null && return 0
	rm -rf "$BASE" build/qemu-dl
	mkdir -p build/qemu-dl
	echo "qemu: downloading the source of $QPKG=$QVER"
	(cd build/qemu-dl && apt-get source -q --download-only "$QPKG=$QVER" > dl.log 2>&1) || {
		cat build/qemu-dl/dl.log >&2
		echo "qemu: cannot download the source $QPKG=$QVER (scripts/deps.sh adds the deb-src entries)" >&2
		return 1
	}
	dpkg-source -q -x build/qemu-dl/*.dsc "$BASE" > /dev/null || return 1
	# dpkg-source leaves the upstream tarball beside the tree it made.
	rm -rf "$BASE/.pc" build/qemu-dl build/"$QPKG"_*.orig.tar.*
	base_commit "$BASE" "QEMU base: Debian $QPKG $QVER"
	echo "qemu: base $(git -C "$BASE" rev-parse HEAD) (Debian $QPKG $QVER)"
}

# qbuild SRC LOG: build qemu-system-s390x of the tree SRC into $QO
# (configured at the first build; a build of another tree, or with other
# options, reconfigures).
qbuild() {
	local src
	src=$(realpath "$1")
	mkdir -p "$QO"
	if [ "$(cat "$QO/.src" 2>/dev/null)" != "$src ${QCONF[*]}" ] || [ ! -f "$QO/build.ninja" ]; then
		rm -rf "$QO"
		mkdir -p "$QO"
		(cd "$QO" && nice "$src/configure" "${QCONF[@]}") > "$2.configure" 2>&1 || {
			tail -30 "$2.configure"
			return 1
		}
		echo "$src ${QCONF[*]}" > "$QO/.src"
	fi
	nice ninja -C "$QO" -j"$JOBS" qemu-system-s390x > "$2" 2>&1 || {
		grep -E 'error|warning' "$2" | head -30
		return 1
	}
}

# The worktree build/qemu-pp of build/qemu at REV.
qworktree() {
	if [ "$(git -C "$QPP" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)" != "$(realpath "$TREE/.git")" ]; then
		rm -rf "$QPP"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$(realpath -m "$QPP")" "$1" || return 1
	fi
	git -C "$QPP" checkout -q --detach "$1"
}

PASS=0
FAIL=0
# qcheck NAME LOG CMD...: run CMD, count it, show the log on failure.
qcheck() {
	local name=$1 log=$2
	shift 2
	if "$@" > "$log" 2>&1; then
		PASS=$((PASS + 1))
		echo "  ok   $name"
	else
		FAIL=$((FAIL + 1))
		echo "  FAIL $name (log: $log)"
		tail -15 "$log" | sed 's/^/       /'
	fi
}

checkpatch() {
	(cd "$QPP" && ./scripts/checkpatch.pl --strict --patch "$1")
}

# A patch that changes only docs/ builds what the patch before it built.
builds_something() {
	[ -n "$(git -C "$TREE" diff --name-only "$1^" "$1" | grep -v '^docs/')" ]
}

# The vfio-ap device's properties, as -device vfio-ap,help lists them.
props() {
	"$QO/qemu-system-s390x" -nodefaults -machine none -device vfio-ap,help
	"$QO/qemu-system-s390x" -nodefaults -machine none -device vfio-ap,help |
		grep -q '^  enable-migration=<OnOffAuto> .*(default: auto)$'
}

# The VMState of every device, dumped by the binary of the base and of
# the series: vfio-ap has its own (the base's has no fields: it is
# unmigratable) with the subsection of the pending configuration change
# event, and QEMU's scripts/vmstate-static-checker.py finds that the
# series loads every other device's stream of the base.  vfio-ap is left
# out of the checker's input: the base can send no vfio-ap section, and
# the checker would hold its version 0 against the series' minimum 1.
vmstate() {
	local m=s390-ccw-virtio
	"$QO.base/qemu-system-s390x" -nodefaults -M "$m" -accel qtest -display none \
		-dump-vmstate "$QLOG/vmstate.base.json" &&
	"$QO/qemu-system-s390x" -nodefaults -M "$m" -accel qtest -display none \
		-dump-vmstate "$QLOG/vmstate.series.json" || return 1
	python3 - "$QLOG"/vmstate.{base,series}.json "$QLOG"/vmstate.{base,series}-others.json <<'PY' || return 1
import json, sys
old, new = (json.load(open(f)) for f in sys.argv[1:3])
ap_old, ap_new = old["vfio-ap"]["Description"], new["vfio-ap"]["Description"]
print("base:  ", json.dumps(ap_old))
print("series:", json.dumps(ap_new))
assert "Fields" not in ap_old, "the base's vfio-ap has fields: not the unmigratable VMState?"
assert ap_new["version_id"] == 1 and ap_new.get("Fields") == [], "vfio-ap: version 1, no fields"
subs = [(d["name"], d.get("Fields")) for d in ap_new.get("Subsections", [])]
assert subs == [("vfio-ap/cfg-chg-event", [])], f"vfio-ap subsections: {subs}"
changed = sorted(k for k in set(old) | set(new) if k not in ("vfio-ap", "vmschkmachine") and old.get(k) != new.get(k))
assert not changed, f"the VMState of other devices changed: {changed}"
for d, f in ((old, sys.argv[3]), (new, sys.argv[4])):
    del d["vfio-ap"]
    json.dump(d, open(f, "w"))
print("vfio-ap as expected; no other device's VMState changed")
PY
	python3 "$QPP/scripts/vmstate-static-checker.py" -s "$QLOG/vmstate.base-others.json" \
		-d "$QLOG/vmstate.series-others.json"
}

introspect() {
	nice ninja -C "$QO" -j"$JOBS" tests/qtest/device-introspect-test &&
	QTEST_QEMU_BINARY="$QO/qemu-system-s390x" "$QO/tests/qtest/device-introspect-test" --tap -k &&
	grep -q "^# Testing device 'vfio-ap'" "$QLOG/introspect.log"
}

# docutils, as Sphinx reads it, without the warnings of QEMU's Sphinx
# extensions (the file uses none).
rst() {
	/usr/bin/python3 - "$QPP/docs/system/s390x/vfio-ap.rst" <<'PY'
import sys, docutils.core
docutils.core.publish_file(source_path=sys.argv[1], destination_path="/dev/null",
                           writer_name="null",
                           settings_overrides={"halt_level": 2, "report_level": 2})
PY
}

check() {
	rm -rf "$QLOG"
	mkdir -p "$QLOG"
	qcheck "qemu round trip: qemu-series/ applies to the base and exports back unchanged" \
		"$QLOG/roundtrip.log" scripts/roundtrip.sh
	local commits patches i n p
	mapfile -t commits < <(git -C "$TREE" rev-list --reverse base..HEAD)
	mapfile -t patches < <(series_patches)
	qworktree base || { echo "qemu: cannot check out the base"; return 1; }
	qcheck "qemu base: qemu-system-s390x builds with -Werror" "$QLOG/base.build" \
		qbuild "$QPP" "$QLOG/base.ninja"
	rm -rf "$QO.base" && mkdir -p "$QO.base" && cp "$QO/qemu-system-s390x" "$QO.base/"
	for i in "${!commits[@]}"; do
		p=${patches[$i]:-}
		n=$(basename "${p:-missing-$i}" .patch)
		qworktree "${commits[$i]}"
		qcheck "qemu $n: checkpatch.pl" "$QLOG/$n.checkpatch" checkpatch "$p"
		if builds_something "${commits[$i]}"; then
			qcheck "qemu $n: qemu-system-s390x builds with -Werror" "$QLOG/$n.build" \
				qbuild "$QPP" "$QLOG/$n.ninja"
		else
			echo "  --   qemu $n: not built again: the patch changes only docs/"
		fi
	done
	qcheck "qemu: -device vfio-ap,help lists enable-migration (default auto)" "$QLOG/props.log" props
	qcheck "qemu: VMState: vfio-ap migratable, other devices unchanged" "$QLOG/vmstate.log" vmstate
	qcheck "qemu: device-introspect qtest (every device, vfio-ap included)" "$QLOG/introspect.log" introspect
	qcheck "qemu: docs/system/s390x/vfio-ap.rst reads without warnings" "$QLOG/rst.log" rst
	echo "qemu: $PASS passed, $FAIL failed"
	[ "$FAIL" = 0 ]
}

case "${1:-}" in
base)	base ;;
prebuild) qworktree base && qbuild "$QPP" build/qemu-prebuild.log ;;
build)	base && scripts/tree.sh && qworktree "$(git -C "$TREE" rev-parse HEAD)" &&
	qbuild "$QPP" build/qemu-build.log && ls -l "$QO/qemu-system-s390x" ;;
check)	check ;;
*)	echo "usage: $0 base|prebuild|build|check" >&2; exit 2 ;;
esac
