#!/bin/bash
# The test kernel: configure it, build it, and boot it in
# qemu-system-s390x (TCG) with KUnit suites driven by harness/init.c from
# an initrd.
#   kunit.sh config   write its .config (kunit.py config) into build/kconfig
#   kunit.sh build    build build/linux as it is now (HEAD and uncommitted
#                     edits), checked out in the worktree build/pp, into
#                     build/pp-out: the kernel that make check builds too
#   kunit.sh run      boot it and judge the run
#   kunit.sh          build, then run
# For run:
#   SUITES  comma list of fnmatch patterns (default: configs/suites)
#   FILTER  a kunit.filter expression (e.g. "speed>slow": no slow cases)
#   EXPECT  comma list of suites that must have run; ALLOW_SKIP=1 lets
#           tests skip (by default a skip fails the run)
#   KMEMLEAK off: boot with kmemleak=off, no scan (by default kmemleak
#           must scan after the suites and find nothing)
#   KARGS   more kernel arguments (e.g. "vfio_ap.fuzz_seed=0x1234
#           vfio_ap.fuzz_ms=0 vfio_ap.fuzz_runs=800" replays a fuzzer run)
#   KERNEL  kernel image (default build/pp-out/arch/s390/boot/bzImage)
#   TESTS   programs for the initrd's /tests (default build/pp-out/tests)
#   R       results (default build/kunit): console.log, results.ktap,
#           counts ("passed failed skipped") and stalls (guest stalls)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
R=${R:-build/kunit}
KERNEL=${KERNEL:-$PPO/arch/s390/boot/bzImage}
TESTS=${TESTS:-$PPO/tests}
INITCPIO=${INITCPIO:-$PPO/usr/gen_init_cpio}
SUITES=${SUITES:-$(grep -v '^#' configs/suites | paste -sd, -)}
TIMEOUT=${TIMEOUT:-900}
STALL=${STALL:-240}

case "${1:-}" in
config)
	test_kconfig > "$KCFG.log" 2>&1 || { cat "$KCFG.log" >&2; exit 1; }
	exit 0 ;;
build|"")
	scripts/kunit.sh config
	test_worktree "$(snapshot)"
	mkdir -p "$R"
	echo "kunit: building build/linux as it is now in $PP into $PPO"
	build_kernel "$R/build.log" || {
		grep -E 'error|Error|ERROR' "$R/build.log" | head -30 >&2
		echo "kunit: test kernel build failed (full log: $R/build.log)" >&2
		exit 1
	}
	[ "${1:-}" = build ] && exit 0 ;;
run) ;;
*)
	echo "usage: $0 [config|build|run]" >&2
	exit 2 ;;
esac

mkdir -p "$R"
abs_r=$(realpath "$R")
# initrd: harness/init.c as /init, the programs of $TESTS as /tests/*.
s390x-linux-gnu-gcc -static -O2 -Wall -o "$R/harness-init" harness/init.c
{
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "dir /proc 755 0 0"
	echo "dir /sys 755 0 0"
	echo "dir /tests 755 0 0"
	echo "file /init $abs_r/harness-init 755 0 0"
	for p in "$TESTS"/*; do
		[ -x "$p" ] && echo "file /tests/$(basename "$p") $(realpath "$p") 755 0 0"
	done
} > "$R/initrd.list"
"$INITCPIO" "$R/initrd.list" > "$R/initrd.cpio"

# boot: one run of the test kernel; writes $R/console.log.  A guest whose
# console stays silent for $STALL seconds is stopped: QEMU 7.2's TCG on a
# loaded 2-core host now and then stalls the guest at a random point
# (before, between or after the suites), with no kernel report.
boot() {
	timeout "$TIMEOUT" qemu-system-s390x -machine s390-ccw-virtio -cpu qemu -smp 2 \
		-m 1024 -nodefaults -nographic -serial stdio -no-reboot \
		-kernel "$KERNEL" -initrd "$R/initrd.cpio" \
		-append "console=ttyS0 loglevel=5 kunit.enable=1 kunit.autorun=0 kunit_shutdown=none harness.suites=$SUITES${FILTER:+ kunit.filter=$FILTER}${KMEMLEAK:+ kmemleak=$KMEMLEAK}${KARGS:+ $KARGS}" \
		< /dev/null > "$R/console.log" 2>&1 &
	local pid=$! size=-1 now idle=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		now=$(stat -c %s "$R/console.log")
		if [ "$now" != "$size" ]; then
			size=$now idle=0
		elif [ $((idle += 5)) -ge "$STALL" ]; then
			echo "kunit: no console output for ${STALL}s: guest stalled" >> "$R/console.log"
			kill "$pid"
		fi
	done
	wait "$pid" || echo "kunit: qemu exited with $? (timeout ${TIMEOUT}s?)" >> "$R/console.log"
}

# A stall with no kernel report is retried once; the first console is
# kept as console.stalled.log.  A second stall fails the run.  Either is
# counted in $R/stalls: a count that rises from run to run is a hang.
echo "kunit: booting $KERNEL (suites: $SUITES${FILTER:+, filter $FILTER})"
stalls=0
boot
if ! grep -q 'harness: done' "$R/console.log" &&
   grep -q 'guest stalled' "$R/console.log" &&
   ! python3 harness/verdict.py --has-reports "$R/console.log"; then
	stalls=1
	mv "$R/console.log" "$R/console.stalled.log"
	echo "kunit: the guest stalled without a kernel report, booting once more"
	boot
fi
grep -q 'guest stalled' "$R/console.log" && stalls=$((stalls + 1))
echo "$stalls" > "$R/stalls"

# verdict.py judges the run (kernel reports, kmemleak, missing suites,
# the initrd's programs) and joins the KTAP; kunit.py counts the tests.
rc=0
rm -f "$R/programs" "$R/counts"
python3 harness/verdict.py "$R/console.log" --ktap "$R/results.ktap" \
	--programs "$R/programs" --expect "${EXPECT:-}" || rc=1
if [ "${KMEMLEAK:-}" != off ] && ! grep -q '^harness: kmemleak end' "$R/console.log"; then
	echo "kunit: kmemleak did not scan after the suites" >&2
	rc=1
fi
ktool python3 build/linux/tools/testing/kunit/kunit.py parse "$abs_r/results.ktap" \
	> "$R/parse.log" 2>&1 || rc=1
cat "$R/parse.log"
ran=$(grep -o 'Ran [0-9]* tests:.*' "$R/parse.log" | tail -1 || true)
count() { [[ $ran =~ $1:\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 0; }
p=$(count passed)
f=$(($(count failed) + $(count crashed) + $(count errors)))
s=$(count skipped)
[ -n "$ran" ] || { echo "kunit: kunit.py parse counted no tests" >&2; f=$((f + 1)); }
read -r pp pf < "$R/programs" || { pp=0 pf=1; }
p=$((p + pp))
f=$((f + pf))
if [ "$s" != 0 ] && [ -z "${ALLOW_SKIP:-}" ]; then
	echo "kunit: $s tests skipped (the harness must run them all)" >&2
	f=$((f + 1))
fi
# A failure that no test counted (a kernel report, a leak, a crash).
[ $rc != 0 ] && [ $f = 0 ] && f=1
echo "$p $f $s" > "$R/counts"
echo "kunit: $p passed, $f failed, $s skipped, $stalls stalls (console: $R/console.log)"
[ "$f" = 0 ]
