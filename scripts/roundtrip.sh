#!/bin/bash
# Prove that series/ is the source of truth: applying it to the base gives
# a tree that exports back to series/ byte for byte, and build/linux (where
# patches are edited) holds nothing that is not exported.
set -euo pipefail
cd "$(dirname "$0")/.."
RT=build/roundtrip
rm -rf "$RT" "$RT.out" "$RT.linux"
mkdir -p series "$RT.out" "$RT.linux"
FORCE=1 scripts/tree.sh "$RT" > /dev/null
scripts/export.sh "$RT" "$RT.out" > /dev/null
diff -r series "$RT.out" || { echo "roundtrip: applying series/ and exporting it again changes it" >&2; exit 1; }
scripts/export.sh build/linux "$RT.linux" > /dev/null
if ! diff -r series "$RT.linux" > /dev/null; then
	diff -r series "$RT.linux" | head -20
	echo "roundtrip: build/linux differs from series/: run 'make export' (or 'FORCE=1 make tree' to discard)" >&2
	exit 1
fi
echo "roundtrip: $(ls series/*.patch | wc -l) files reproduce exactly"
rm -rf "$RT" "$RT.out" "$RT.linux"
