#!/bin/bash
# make bench: the migration benchmark (CONFIG_VFIO_AP_KUNIT_BENCHMARK) of
# build/linux as it is now, on a kernel without the debug set
# (configs/bench.config, built into build/bench-out from the worktree of
# the test kernel), then on the test kernel with the debug set.  Prints
# the benchmark's lines; each run's console is in build/bench/KERNEL/.
#   KERNELS  the kernels to run it on (default: "production debug")
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
BOUT=build/bench-out
BCFG=build/bench-kconfig
rc=0
for k in ${KERNELS:-production debug}; do
	case $k in
	production)
		mkdir -p "$BCFG" "$BOUT"
		(cd build/linux && ktool python3 tools/testing/kunit/kunit.py config --arch=s390 \
			--cross_compile=s390x-linux-gnu- --build_dir="$(realpath "$OLDPWD/$BCFG")" \
			--kunitconfig="$OLDPWD/configs/bench.config" \
			--make_options "CC=ccache s390x-linux-gnu-gcc") > "$BCFG.log" 2>&1 ||
			{ cat "$BCFG.log" >&2; exit 1; }
		test_worktree "$(snapshot)"
		cp "$BCFG/.config" "$BOUT/.config"
		echo "bench: building the kernel without the debug set in $PP into $BOUT"
		{ kmake "$PP" "$BOUT" olddefconfig && kmake "$PP" "$BOUT"; } > "$BOUT.log" 2>&1 ||
			{ grep -E 'error|Error' "$BOUT.log" | head -30 >&2; exit 1; }
		out=$BOUT ;;
	debug)
		scripts/kunit.sh build
		out=$PPO ;;
	*)
		echo "bench: unknown kernel $k (production, debug)" >&2
		exit 2 ;;
	esac
	R=build/bench/$k
	mkdir -p "$R/tests"
	R=$R KERNEL=$out/arch/s390/boot/bzImage INITCPIO=$out/usr/gen_init_cpio TESTS=$R/tests \
		SUITES=vfio_ap_migration_bench EXPECT=vfio_ap_migration_bench KMEMLEAK=off \
		TIMEOUT=3600 STALL=900 scripts/kunit.sh run > "$R/run.log" 2>&1 || rc=1
	echo "== $k kernel ($(tail -1 "$R/run.log"))"
	grep -E '# vfio_ap_mig_bench: ' "$R/console.log" | sed 's/^ *# vfio_ap_mig_bench: //' || rc=1
done
exit $rc
