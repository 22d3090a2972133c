#!/bin/bash
# Prove that series/ is the source of truth: applying it to the base gives
# a tree that exports back to series/ byte for byte, and build/linux (where
# patches are edited) holds nothing that is not exported.  PRODUCT=qemu:
# the same for qemu-series/ and build/qemu.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
RT=build/roundtrip-${PRODUCT:-linux}
rm -rf "$RT" "$RT.out" "$RT.tree"
mkdir -p "$SERIES" "$RT.out" "$RT.tree"
FORCE=1 scripts/tree.sh "$RT" > /dev/null
scripts/export.sh "$RT" "$RT.out" > /dev/null
diff -r "$SERIES" "$RT.out" || { echo "roundtrip: applying $SERIES/ and exporting it again changes it" >&2; exit 1; }
scripts/export.sh "$TREE" "$RT.tree" > /dev/null
if ! diff -r "$SERIES" "$RT.tree" > /dev/null; then
	diff -r "$SERIES" "$RT.tree" | head -20
	echo "roundtrip: $TREE differs from $SERIES/: run 'make ${MK}export' (or 'FORCE=1 make ${MK}tree' to discard)" >&2
	exit 1
fi
echo "roundtrip: $(ls "$SERIES"/*.patch | wc -l) files reproduce exactly"
rm -rf "$RT" "$RT.out" "$RT.tree"
