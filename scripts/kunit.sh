#!/bin/bash
# Build the test kernel with kunit.py and run KUnit suites in
# qemu-system-s390x (TCG), driven by harness/init.c from an initrd.
#   SUITES   comma list of fnmatch patterns (default: configs/suites)
#   T        kernel tree (default build/linux), O output (build/kunit)
#   FILTER   a kunit.filter expression (e.g. "speed>slow": no slow cases)
#   EXPECT   comma list of suites that must have run; ALLOW_SKIP=1 lets
#            tests skip (by default a skip fails the run)
#   $1       "build" (build only), "run" (boot only), "config" (only
#            write the test kernel's .config into $O), or nothing (both)
# Writes $O/console.log, $O/results.ktap and $O/counts ("passed failed skipped").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${T:-build/linux}
O=${O:-build/kunit}
SUITES=${SUITES:-$(grep -v '^#' configs/suites | paste -sd, -)}
TIMEOUT=${TIMEOUT:-900}
STALL=${STALL:-240}
mkdir -p "$O"
abs_o=$(realpath "$O")

if [ "${1:-}" != run ]; then
	export CCACHE_DIR=${CCACHE_DIR:-$PWD/build/ccache}
	if [ "${1:-}" = config ]; then what=(config); else what=(build --jobs="$JOBS"); fi
	(cd "$T" && python3 tools/testing/kunit/kunit.py "${what[@]}" --arch=s390 \
		--cross_compile=s390x-linux-gnu- --build_dir="$abs_o" \
		--kunitconfig="$OLDPWD/configs/kunit.config" \
		$([ -f drivers/s390/crypto/.kunitconfig ] && echo --kunitconfig=drivers/s390/crypto/.kunitconfig) \
		--make_options "CC=ccache s390x-linux-gnu-gcc") > "$O/build.log" 2>&1 || {
		grep -E 'error|Error|ERROR' "$O/build.log" | head -30 >&2
		echo "kunit: test kernel build failed (full log: $O/build.log)" >&2
		exit 1
	}
	[ "${1:-}" = build ] || [ "${1:-}" = config ] && exit 0
fi

# initrd: harness/init.c as /init, the programs of $O/tests as /tests/*.
s390x-linux-gnu-gcc -static -O2 -Wall -o "$O/harness-init" harness/init.c
{
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "dir /proc 755 0 0"
	echo "dir /sys 755 0 0"
	echo "dir /tests 755 0 0"
	echo "file /init $abs_o/harness-init 755 0 0"
	for p in "$O"/tests/*; do
		[ -x "$p" ] && echo "file /tests/$(basename "$p") $(realpath "$p") 755 0 0"
	done
} > "$O/initrd.list"
"$O/usr/gen_init_cpio" "$O/initrd.list" > "$O/initrd.cpio"

# boot: one run of the test kernel; writes $O/console.log.  A guest whose
# console stays silent for $STALL seconds is stopped: QEMU 7.2's TCG on a
# loaded 2-core host now and then stalls the guest at a random point
# (before, between or after the suites), with no kernel report.
boot() {
	timeout "$TIMEOUT" qemu-system-s390x -machine s390-ccw-virtio -cpu qemu -smp 2 \
		-m 1024 -nodefaults -nographic -serial stdio -no-reboot \
		-kernel "$O/arch/s390/boot/bzImage" -initrd "$O/initrd.cpio" \
		-append "console=ttyS0 loglevel=5 kunit.enable=1 kunit.autorun=0 kunit_shutdown=none harness.suites=$SUITES${FILTER:+ kunit.filter=$FILTER}" \
		< /dev/null > "$O/console.log" 2>&1 &
	local pid=$! size=-1 now idle=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		now=$(stat -c %s "$O/console.log")
		if [ "$now" != "$size" ]; then
			size=$now idle=0
		elif [ $((idle += 5)) -ge "$STALL" ]; then
			echo "kunit: no console output for ${STALL}s: guest stalled" >> "$O/console.log"
			kill "$pid"
		fi
	done
	wait "$pid" || echo "kunit: qemu exited with $? (timeout ${TIMEOUT}s?)" >> "$O/console.log"
}

# A stall with no kernel report is retried once; the first console is
# kept as console.stalled.log.  A second stall fails the run.
echo "kunit: booting $O/arch/s390/boot/bzImage (suites: $SUITES)"
boot
if ! grep -q 'harness: done' "$O/console.log" &&
   grep -q 'guest stalled' "$O/console.log" &&
   ! python3 harness/verdict.py --has-reports "$O/console.log"; then
	mv "$O/console.log" "$O/console.stalled.log"
	echo "kunit: the guest stalled without a kernel report, booting once more"
	boot
fi

rc=0
python3 harness/verdict.py "$O/console.log" --ktap "$O/results.ktap" \
	--counts "$O/counts" --expect "${EXPECT:-}" ${ALLOW_SKIP:+--allow-skip} || rc=1
python3 "$T/tools/testing/kunit/kunit.py" parse < "$O/results.ktap" || rc=1
read -r p f s < "$O/counts"
echo "kunit: $p passed, $f failed, $s skipped (console: $O/console.log)"
exit $rc
