#!/bin/bash
# Cross-compile the vfio_ap migration kselftest for s390x (static) into
# $TESTS, whose programs scripts/kunit.sh puts into the guest's /tests,
# and run it once under qemu-s390x user emulation: there is no vfio_ap
# device there, so it must skip every test and exit 0 (or 4).
#   T       kernel tree with the test (default build/linux)
#   TESTS   output directory (default build/pp-out/tests)
# Needs build/headers (scripts/uapi.sh); builds no kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${T:-build/linux}
TESTS=${TESTS:-build/pp-out/tests}
NAME=vfio_ap_migration_test
DIR=$T/tools/testing/selftests/vfio
HDR=$(realpath -m build/headers/include)
OUT=$(realpath -m "$TESTS")

[ -f "$DIR/$NAME.c" ] || {
	echo "selftest: $DIR/$NAME.c is missing (is the selftest patch in $T?)" >&2
	exit 1
}
[ -f "$HDR/linux/vfio_ap.h" ] || {
	echo "selftest: no $HDR/linux/vfio_ap.h: run scripts/uapi.sh first" >&2
	exit 1
}
mkdir -p "$OUT"
rm -f "$OUT/$NAME"

# The kselftest Makefile.  For s390 it builds no libvfio (PCI only, needs
# libuuid), just the programs that need only uapi headers.
make -s -C "$DIR" "${S390_MAKE[@]}" OUTPUT="$OUT" \
	KHDR_INCLUDES="-isystem $HDR" USERLDFLAGS=-static "$OUT/$NAME"
echo "selftest: built $TESTS/$NAME"

tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
rc=0
qemu-s390x "$OUT/$NAME" > "$tap" 2>&1 || rc=$?
cat "$tap"
totals=$(grep '^# Totals:' "$tap" || true)
if [ $rc -eq 4 ] ||
   { [ $rc -eq 0 ] && [[ $totals =~ pass:0\ fail:0\ .*skip:[1-9] ]] &&
     [[ $totals =~ error:0 ]]; }; then
	echo "selftest: qemu-s390x: exit $rc, every test skipped (no vfio_ap device here)"
else
	echo "selftest: qemu-s390x: exit $rc, expected 4 or 0 with all tests skipped" >&2
	exit 1
fi
