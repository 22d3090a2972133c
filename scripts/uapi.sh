#!/bin/bash
# make headers_install for s390, then compile every uapi header that the
# series adds or changes on its own, as userspace would include it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${T:-build/linux}
H=build/headers
rm -rf "$H"
make -s -C "$T" "${S390_MAKE[@]}" O="$(realpath -m build/headers-out)" \
	INSTALL_HDR_PATH="$(realpath -m "$H")" headers_install
for f in $(git -C "$T" diff --name-only --diff-filter=AM base HEAD -- include/uapi arch/s390/include/uapi); do
	h=${f#include/uapi/}
	h=${h#arch/s390/include/uapi/}
	echo "#include <$h>" | s390x-linux-gnu-gcc -Wall -Wextra -Werror -std=c99 \
		-fsyntax-only -I "$H/include" -x c - || { echo "uapi: $h does not compile alone" >&2; exit 1; }
	echo "uapi: $h compiles alone"
done
