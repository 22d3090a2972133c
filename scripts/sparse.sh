#!/bin/bash
# Build sparse 0.6.5 (with __typeof_unqual__, which Linux 7.3 needs) from
# Debian's source package into build/tools/sparse; prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
VER=0.6.5~rc1-2
S=build/tools/sparse
if [ -x "$S" ] && [ "$(cat "$S.version" 2>/dev/null)" = "$VER" ]; then
	realpath "$S"
	exit 0
fi
rm -rf build/tools/sparse-src
mkdir -p build/tools/sparse-src
(cd build/tools/sparse-src && apt-get source -qq --download-only "sparse=$VER" >/dev/null 2>&1) || {
	echo "sparse: cannot fetch Debian's source of sparse $VER (run scripts/deps.sh as root)" >&2
	exit 1
}
tar -xf build/tools/sparse-src/sparse_*.orig.tar.* -C build/tools/sparse-src
make -s -C build/tools/sparse-src/sparse-*/ -j"$(nproc)" sparse >/dev/null 2>&1 ||
	{ echo "sparse: build failed" >&2; exit 1; }
cp build/tools/sparse-src/sparse-*/sparse "$S"
echo "$VER" > "$S.version"
rm -rf build/tools/sparse-src
realpath "$S"
