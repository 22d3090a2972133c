#!/bin/bash
# The driver as a module, two ways, from the worktree build/pp (what
# scripts/kunit.sh build or make check's walk last checked out):
#   1. linked: a copy of the test kernel's build (build/pp-out, W=1, of
#      the worktree's commit) with KVM, VFIO and VFIO_AP switched to
#      modules (and without the KUnit tests, which are built in), made
#      into build/module: kbuild rebuilds only the objects whose options
#      changed and relinks vmlinux (modpost needs vmlinux.o: a fresh
#      directory has none), vfio_ap.ko links against kvm.ko and vfio.ko, and modpost
#      checks, against vmlinux.o, every symbol it takes and the
#      namespaces of what is exported to it.
#   2. compiled: allnoconfig + configs/module.config, the smallest
#      configuration that allows VFIO_AP=m, into build/module-min:
#      everything of drivers/s390/crypto, arch/s390/kvm and drivers/vfio,
#      so that code that needs an option that VFIO_AP does not depend on
#      fails to build; the KUnit tests are compiled into the module there
#      (KUNIT=m), without the debug options of the test kernel.  No
#      vmlinux: the linked build checks the symbols.
#   3. compiled without KUnit: the same, KUNIT off, into
#      build/module-nokunit: the driver's KUnit-only seams (a static stub
#      needs KUnit) must vanish, not break the build.
# Fails on a warning in a file that the series changes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
O=build/module
OMIN=build/module-min
ONOK=build/module-nokunit
[ -f "$KCFG/.config" ] && [ -e "$PP/.git" ] || {
	echo "module: no $KCFG/.config or worktree $PP: run scripts/kunit.sh build first" >&2
	exit 1
}

# sticks CONFIG... : every option is a module in $1/.config.
sticks() {
	local out=$1 c
	shift
	for c in "$@"; do
		grep -q "^CONFIG_$c=m" "$out/.config" || { echo "module: CONFIG_$c=m did not stick" >&2; return 1; }
	done
}

# New warnings: those in files the series changes (the worktree against
# the base).
series_warnings() {
	local f
	for f in $(git -C "$PP" diff --name-only base HEAD -- '*.c' '*.h'); do
		grep -E "(^|/)$f:[0-9]+:[0-9]+: (warning|error):" "$1" || true
	done
}

rm -rf "$O"
cp -a "$PPO" "$O"
mkdir -p "$OMIN"
cp "$KCFG/.config" "$O/.config"
"$PP/scripts/config" --file "$O/.config" -m KVM -m VFIO -m VFIO_AP -d VFIO_AP_KUNIT_TEST
kmake "$PP" "$O" olddefconfig > /dev/null
sticks "$O" KVM VFIO VFIO_AP
kmake "$PP" "$O" W=1 vmlinux modules > "$O/build.log" 2>&1 || { tail -30 "$O/build.log"; exit 1; }
ls -l "$O/drivers/s390/crypto/vfio_ap.ko" "$O/drivers/vfio/vfio.ko" $(find "$O/arch/s390/kvm" -name kvm.ko)

kmake "$PP" "$OMIN" KCONFIG_ALLCONFIG="$(realpath configs/module.config)" allnoconfig > /dev/null
sticks "$OMIN" KVM VFIO VFIO_AP
for opt in VFIO_AP_KUNIT_TEST VFIO_AP_KUNIT_BENCHMARK; do
	grep -q "^CONFIG_$opt=y" "$OMIN/.config" || {
		echo "module: $opt did not stick in $OMIN/.config" >&2
		exit 1
	}
done
kmake "$PP" "$OMIN" W=1 drivers/s390/crypto/ arch/s390/kvm/ drivers/vfio/ > "$OMIN/build.log" 2>&1 ||
	{ tail -30 "$OMIN/build.log"; exit 1; }
ls -l "$OMIN/drivers/s390/crypto/vfio_ap.o"

mkdir -p "$ONOK"
grep -v KUNIT configs/module.config > "$ONOK/allno.config"
echo "# CONFIG_KUNIT is not set" >> "$ONOK/allno.config"
kmake "$PP" "$ONOK" KCONFIG_ALLCONFIG="$(realpath "$ONOK/allno.config")" allnoconfig > /dev/null
sticks "$ONOK" VFIO_AP
! grep -q "^CONFIG_KUNIT=" "$ONOK/.config" || { echo "module: KUNIT stuck in $ONOK/.config" >&2; exit 1; }
kmake "$PP" "$ONOK" W=1 drivers/s390/crypto/ > "$ONOK/build.log" 2>&1 ||
	{ tail -30 "$ONOK/build.log"; exit 1; }
ls -l "$ONOK/drivers/s390/crypto/vfio_ap.o"

series_warnings "$O/build.log" > "$O/series.warn"
series_warnings "$OMIN/build.log" >> "$O/series.warn"
series_warnings "$ONOK/build.log" >> "$O/series.warn"
if [ -s "$O/series.warn" ]; then
	cat "$O/series.warn"
	echo "module: warnings in files that the series changes" >&2
	exit 1
fi
echo "module: vfio_ap.ko linked (test configuration, KVM, VFIO and VFIO_AP as modules); vfio_ap, kvm and vfio compiled in the smallest configuration; vfio_ap compiled without KUnit"
