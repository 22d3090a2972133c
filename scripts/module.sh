#!/bin/bash
# The driver as a module in the smallest configuration that allows it:
# allnoconfig + configs/module.config (KVM, VFIO and VFIO_AP as modules).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${T:-build/linux}
O=$(realpath -m build/module)
M=(nice make -s -C "$T" O="$O" "${S390_MAKE[@]}" CC="ccache s390x-linux-gnu-gcc" -j"$JOBS")
mkdir -p "$O"
"${M[@]}" KCONFIG_ALLCONFIG="$(realpath configs/module.config)" allnoconfig
for c in KVM VFIO VFIO_AP; do
	grep -q "^CONFIG_$c=m" "$O/.config" || { echo "module: CONFIG_$c=m did not stick" >&2; exit 1; }
done
"${M[@]}" vmlinux modules
ls -l "$O/drivers/s390/crypto/vfio_ap.ko"
