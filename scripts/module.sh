#!/bin/bash
# Distro-like build: allnoconfig + configs/module.config, VFIO_AP=m.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${T:-build/linux}
O=$(realpath -m build/module)
M=(nice make -s -C "$T" O="$O" "${S390_MAKE[@]}" CC="ccache s390x-linux-gnu-gcc" -j"$JOBS")
mkdir -p "$O"
"${M[@]}" KCONFIG_ALLCONFIG="$(realpath configs/module.config)" allnoconfig
grep -q '^CONFIG_VFIO_AP=m' "$O/.config" || { echo "module: CONFIG_VFIO_AP=m did not stick" >&2; exit 1; }
"${M[@]}" vmlinux modules
ls -l "$O/drivers/s390/crypto/vfio_ap.ko"
