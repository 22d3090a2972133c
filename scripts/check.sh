#!/bin/bash
# All tests of the series: round trip, per-patch checks (checkpatch
# --strict, W=1 build, KUnit in QEMU), and on the final tree sparse,
# kernel-doc, uapi headers, the kselftest, the vfio_ap.ko build, Sphinx
# and the KUnit run of the debug kernel.  Ends with 'N passed, N failed'.
#
# One kernel build serves every step: the worktree build/pp walks from
# the base through each patch with the test kernel's .config, building
# incrementally (W=1) into build/pp-out, and the kernel of the last patch
# that changes kernel source is the debug kernel of the final run.
#
# A patch's kernel boots in QEMU in the background while the next patch
# is checked and built (the guest keeps about one core busy, the build
# takes the rest); the final run boots while the final tree's other
# checks and the module build run.  Builds run under nice (kmake), so
# that the guest, whose tests have timeouts, keeps its speed.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=build/linux
LOG=build/check
PASS=0
FAIL=0
STALLS=0
rm -rf "$LOG"
mkdir -p "$LOG"

# counted NAME LOG RC: count one check by its exit status RC; show it,
# and on failure what its log says.
counted() {
	if [ "$3" = 0 ]; then
		PASS=$((PASS + 1))
		echo "  ok   $1"
	else
		FAIL=$((FAIL + 1))
		echo "  FAIL $1 (log: $2)"
		grep -E 'error|warning|WARNING|ERROR|FAIL|not ok|verdict|^kunit:' "$2" | head -15 |
			sed 's/^/       /'
		return 1
	fi
}

# scripts/sign.sh with a sender: only identities change, in every file.
signed_ok() {
	local f
	SIGNOFF='Jane Doe <jane@example.org>' scripts/sign.sh || return 1
	for f in series/*.patch; do
		diff "$f" "build/signed/${f##*/}" | grep '^[<>]' |
			grep -v -E '^[<>] (From|Signed-off-by): |^[<>] [^(]+ \([0-9]+\):$' && return 1
		grep -q '^Signed-off-by: Jane Doe <jane@example.org>$' "build/signed/${f##*/}" ||
			[[ $f == */0000-cover-letter.patch ]] || { echo "no sign-off in $f"; return 1; }
	done
	return 0
}

# check NAME LOG CMD...: run CMD (a command or a function), count it;
# its time in seconds follows the name.
check() {
	local name=$1 log=$2 rc=0 t0=$SECONDS
	shift 2
	"$@" > "$log" 2>&1 || rc=$?
	counted "$name [$((SECONDS - t0)) s]" "$log" "$rc"
}

# Warnings of a build log (the compiler's, and kernel-doc's and
# modpost's, which W=1 runs too), without line numbers, sorted.  Not those of
# scripts/misc-check (W=1) about tracked files that .gitignore ignores:
# Debian's linux-source drops upstream's exceptions for dot-files such
# as '!.kunitconfig' from .gitignore, so every .kunitconfig of the base
# (457 lines) and any the series adds are reported; upstream has none.
warnings() {
	grep -Ei 'warning:|error:' "$1" | grep -v ': warning: ignored by one of the .gitignore files$' |
		sed -E 's/:[0-9]+(:[0-9]+)?(:| )/\2/' | sort -u || true
}

# checkpatch PATCH: run from the top of the tree, as it expects. The base
# is a Debian source tree without upstream history, so checkpatch cannot
# look up the commit of a Fixes: tag (UNKNOWN_COMMIT_ID); the tag's form
# is still checked (GIT_COMMIT_ID). FILE_PATH_CHANGES asks each patch
# that adds a file for a hunk of MAINTAINERS, which a file that an entry's
# pattern (drivers/s390/crypto/vfio_ap*) covers does not need;
# maintainers_cover checks instead that every added file has an entry.
checkpatch() {
	(cd "$T" && ktool scripts/checkpatch.pl --strict --no-summary --quiet \
		--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES "$1") 2>&1 |
		tee "$LOG/checkpatch.out"
	[ ! -s "$LOG/checkpatch.out" ]
}

# Every file that the series adds is in the vfio_ap entry of MAINTAINERS.
maintainers_cover() {
	local f sections
	for f in $(git -C "$T" diff --name-only --diff-filter=A base HEAD); do
		sections=$(cd "$T" && perl scripts/get_maintainer.pl --nogit --nogit-fallback \
			--sections -f "$f") || return 1
		grep -qx 'S390 VFIO-AP DRIVER' <<< "$sections" ||
			{ echo "$f: not in the S390 VFIO-AP DRIVER entry of MAINTAINERS"; return 1; }
		echo "$f: S390 VFIO-AP DRIVER"
	done
}

# patch_build LOGPREFIX: W=1 build of the kernel at the worktree's
# commit; fail on warnings that the base does not have.
patch_build() {
	build_kernel "$1.w1" || { warnings "$1.w1" | grep -i error | head -30; return 1; }
	touch "$1.built"
	warnings "$1.w1" | comm -23 - "$LOG/base-w1.warn" > "$1.new"
	cat "$1.new"
	[ ! -s "$1.new" ]
}

sparse_new() {
	kmake "$PP" "$PPO" W=1 C=2 CHECK="$SPARSE" drivers/s390/crypto/ > "$LOG/sparse.out" 2>&1
	if grep -q 'not available or not up to date' "$LOG/sparse.out"; then
		cat "$LOG/sparse.out"
		return 1
	fi
	warnings "$LOG/sparse.out" | comm -23 - "$LOG/base-sparse.warn" > "$LOG/sparse.new"
	cat "$LOG/sparse.new"
	[ ! -s "$LOG/sparse.new" ]
}

# kernel-doc -Wall of the touched files: no warning that the base lacks.
kdoc() {
	local f files=() old=()
	for f in $(git -C "$T" diff --name-only base HEAD -- '*.c' '*.h'); do
		files+=("$T/$f")
		[ -f "build/base/$f" ] && old+=("build/base/$f")
	done
	[ ${#files[@]} = 0 ] && { echo "no touched C files"; return 0; }
	[ ${#old[@]} = 0 ] || ktool "$T/scripts/kernel-doc" -none -Wall "${old[@]}" 2>&1 |
		sed -E 's|build/base/||; s/:[0-9]+ / /' | sort -u > "$LOG/kernel-doc.base"
	ktool "$T/scripts/kernel-doc" -none -Wall "${files[@]}" 2>&1 |
		sed -E "s|$T/||; s/:[0-9]+ / /" | sort -u |
		comm -23 - "$LOG/kernel-doc.base" | tee "$LOG/kernel-doc.new"
	[ ! -s "$LOG/kernel-doc.new" ]
}

# The KUnit suites that the worktree declares under drivers/s390/crypto.
suites_in() {
	grep -ho '^\s*\.name = "[^"]*"' $(grep -l 'kunit_test_suite' "$PP"/drivers/s390/crypto/*.c 2>/dev/null) /dev/null |
		sed 's/.*"\(.*\)"/\1/' | paste -sd, -
}

# summary: the closing lines; exit status 0 only if nothing failed.
summary() {
	echo
	printf 'check: %d:%02d, guest stalls (each retried once): %d\n' \
		$((SECONDS / 60)) $((SECONDS % 60)) "$STALLS"
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" = 0 ]
}

# abort WHAT: a step that the rest needs failed; count it and stop.
abort() {
	FAIL=$((FAIL + 1))
	echo "  FAIL $1"
	summary
	exit 1
}

# Section headers show the time since the start, as [min:sec].
section() {
	printf '== %s [%d:%02d]\n' "$1" $((SECONDS / 60)) $((SECONDS % 60))
}

# boot_start NAME FINAL VAR=VALUE...: boot the worktree's kernel in the
# background with scripts/kunit.sh run (a copy of it, since the next
# patch's build replaces it), results in $LOG/NAME.boot.  FINAL=1 counts
# its tests one by one; otherwise the boot is one check.
BOOT_PID=
boot_start() {
	local r=$LOG/$1.boot
	mkdir -p "$r"
	cp "$PPO/arch/s390/boot/bzImage" "$r/bzImage"
	BOOT_NAME=$1 BOOT_FINAL=$2
	shift 2
	date +%s > "$r/start"
	{
		env "$@" R="$r" KERNEL="$r/bzImage" INITCPIO="$LOG/gen_init_cpio" \
			scripts/kunit.sh run > "$r.log" 2>&1
		local rc=$?
		date +%s > "$r/end"
		exit $rc
	} &
	BOOT_PID=$!
}

# boot_wait: wait for the boot in the background, if any, and count it.
boot_wait() {
	[ -n "$BOOT_PID" ] || return 0
	local rc=0 r=$LOG/$BOOT_NAME.boot kp kf
	wait "$BOOT_PID" || rc=$?
	BOOT_PID=
	echo "  --   $BOOT_NAME: the boot took $(($(cat "$r/end" 2>/dev/null || date +%s) - $(cat "$r/start"))) s"
	STALLS=$((STALLS + $(cat "$r/stalls" 2>/dev/null || echo 0)))
	if [ "$BOOT_FINAL" = 1 ]; then
		grep -E 'Testing complete|verdict:|^kunit:' "$r.log" | sed 's/^/  /'
		grep -ho 'fuzz: seed .*' "$r/results.ktap" 2>/dev/null | sed 's/^/  /'
		read -r kp kf _ < "$r/counts" 2>/dev/null || { kp=0; kf=1; }
		[ $rc -ne 0 ] && [ "$kf" = 0 ] && kf=1
		PASS=$((PASS + kp))
		FAIL=$((FAIL + kf))
	else
		counted "$BOOT_NAME: KUnit suites at this patch pass in QEMU (no slow cases)" \
			"$r.log" "$rc" || true
	fi
}

# kill_tree PID: PID and all its descendants.
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do
		kill_tree "$c"
	done
	kill "$1" 2>/dev/null
}

# No guest or build left behind when check.sh stops early or is killed.
BG_PIDS=()
trap 'for p in $BOOT_PID "${BG_PIDS[@]}"; do kill_tree "$p"; done' EXIT

# sparse (built from Debian's source) needs nothing of the walk: it
# builds from the start in the background at the lowest priority, on the
# cycles that the rest leaves idle (single-threaded steps, links, boots).
nice -n 19 scripts/sparse.sh > "$LOG/sparse-path" 2> "$LOG/sparse-build.log" &
SPARSE_PID=$!
# So does the QEMU base's qemu-system-s390x (make check's qemu-tree has
# unpacked it), which the QEMU series' checks at the end build on.
nice -n 19 scripts/qemu.sh prebuild > "$LOG/qemu-prebuild.log" 2>&1 &
QEMU_PID=$!
BG_PIDS=("$SPARSE_PID" "$QEMU_PID")

section "series"
check "round trip: series/ applies to the base and exports back unchanged" \
	"$LOG/roundtrip.log" scripts/roundtrip.sh
check "make signed: every patch from and signed off by its sender, nothing else changed" \
	"$LOG/signed.log" signed_ok
mapfile -t COMMITS < <(git -C "$T" rev-list --reverse base..HEAD)
mapfile -t PATCHES < <(series_patches)

# kernel_patch COMMIT: true if COMMIT changes a file that the kernel
# build reads.  A patch that changes only documentation (*.rst), the
# kselftests or MAINTAINERS builds the same objects and kernel as the
# patch before it: it is neither built nor booted again (the kselftest
# is built on the final tree, Sphinx runs there too).
kernel_patch() {
	[ -n "$(git -C "$T" diff --name-only "$1^" "$1" |
		grep -vE '^(Documentation/.*\.rst|tools/testing/.*|MAINTAINERS)$')" ]
}
# The last patch that changes kernel source: its kernel is the final one.
LAST_KERNEL=-1
for i in "${!COMMITS[@]}"; do
	kernel_patch "${COMMITS[$i]}" && LAST_KERNEL=$i
done

section "test kernel configuration, headers, kselftest, base build"
check "configure the KUnit test kernel (kunit.py config, configs/kunit.config)" \
	"$LOG/kunit-config.log" scripts/kunit.sh config || {
	summary; exit 1; }
check "headers_install; new uapi headers compile alone" "$LOG/headers.log" scripts/uapi.sh
mkdir -p "$LOG/tests"
if [ -f "$T/tools/testing/selftests/vfio/vfio_ap_migration_test.c" ]; then
	check "kselftest: cross-built for s390x, skips under qemu-s390x" "$LOG/selftest.log" \
		env TESTS="$LOG/tests" scripts/selftest.sh
fi
test_worktree base || abort "the worktree $PP cannot check out the base"
check "base: the test kernel builds (its W=1 warnings are the reference)" \
	"$LOG/base.build" build_kernel "$LOG/base.w1" || {
	summary; exit 1; }
cp "$PPO/usr/gen_init_cpio" "$LOG/gen_init_cpio"
wait "$SPARSE_PID" || { cat "$LOG/sparse-build.log"; abort "sparse cannot be built (scripts/sparse.sh)"; }
BG_PIDS=("$QEMU_PID")
SPARSE=$(cat "$LOG/sparse-path")
kmake "$PP" "$PPO" W=1 C=2 CHECK="$SPARSE" drivers/s390/crypto/ > "$LOG/base.sparse" 2>&1
warnings "$LOG/base.w1" > "$LOG/base-w1.warn"
warnings "$LOG/base.sparse" > "$LOG/base-sparse.warn"

prev=
for i in "${!COMMITS[@]}"; do
	p=${PATCHES[$i]:-}
	n=$(basename "${p:-missing-$i}" .patch)
	section "patch $n"
	test_worktree "${COMMITS[$i]}" || abort "the worktree $PP cannot check out $n"
	check "$n: checkpatch --strict" "$LOG/$n.checkpatch" checkpatch "$p"
	if [ "$i" -gt 0 ] && [ -f "$LOG/$prev.built" ] && ! kernel_patch "${COMMITS[$i]}"; then
		# Not counted: its build would be the previous patch's.
		echo "  --   $n: W=1 build not run again: the patch changes no file the build reads"
		touch "$LOG/$n.built"
	else
		check "$n: W=1 build, no new warnings" "$LOG/$n.build" patch_build "$LOG/$n"
	fi
	prev=$n
	if [ -n "${NO_BISECT_KUNIT:-}" ] && [ "$i" != "$LAST_KERNEL" ]; then
		:
	elif [ "$i" -gt "$LAST_KERNEL" ] || { [ "$i" -gt 0 ] && ! kernel_patch "${COMMITS[$i]}"; }; then
		# Not counted: the kernel is the previous patch's, already run.
		echo "  --   $n: KUnit not run again: the patch changes no file the build reads"
	elif [ ! -f "$LOG/$n.built" ]; then
		boot_wait
		FAIL=$((FAIL + 1))
		echo "  FAIL $n: KUnit not run: the kernel at this patch does not build"
	elif [ "$i" = "$LAST_KERNEL" ]; then
		# The final kernel: every suite but the benchmark (make bench
		# runs it), slow cases included, and the kselftest.
		boot_wait
		section "KUnit (final kernel, debug set, in the background)"
		boot_start "$n" 1 EXPECT="$(suites_in | tr , '\n' | grep -v '_bench$' | paste -sd, -)" \
			SUITES="$(grep -v '^#' configs/suites | paste -sd, -),-*_bench" \
			TESTS="$LOG/tests" FILTER= KMEMLEAK= ALLOW_SKIP= KARGS=
	else
		boot_wait
		boot_start "$n" 0 EXPECT="$(suites_in | tr , '\n' | grep -v '_bench$' | paste -sd, -)" \
			SUITES="$(grep -v '^#' configs/suites | paste -sd, -),-*_bench" \
			FILTER='speed>slow' TESTS=/nonexistent KMEMLEAK=off ALLOW_SKIP= KARGS=
	fi
done
[ "$LAST_KERNEL" -ge 0 ] || { FAIL=$((FAIL + 1)); echo "  FAIL no patch changes the kernel"; }

section "final tree"
check "sparse (C=2): no new warnings in drivers/s390/crypto" "$LOG/sparse.log" sparse_new
check "kernel-doc -none -Wall on the touched files" "$LOG/kernel-doc.log" kdoc
check "MAINTAINERS: every file the series adds has the vfio_ap entry" \
	"$LOG/maintainers.log" maintainers_cover
check "Sphinx: Documentation/arch/s390 builds, no warning in vfio-ap.rst" "$LOG/docs.log" \
	scripts/docs.sh
# After the walk: the worktree is at the final commit, and module.sh
# starts from the walk's objects of it.
check "module builds: vfio_ap.ko linked (test config, =m), compiled in the smallest config, and without KUnit" \
	"$LOG/module.log" scripts/module.sh

# The QEMU series (scripts/qemu.sh check): its own checks, counted here.
section "QEMU series"
wait "$QEMU_PID" ||
	echo "  --   the QEMU base's build in the background failed ($LOG/qemu-prebuild.log): the check builds it again"
BG_PIDS=()
scripts/qemu.sh check 2>&1 | tee "$LOG/qemu.log"
if q=$(grep -E '^qemu: [0-9]+ passed, [0-9]+ failed$' "$LOG/qemu.log" | tail -1) && [ -n "$q" ]; then
	read -r _ qp _ qf _ <<< "$q"
	PASS=$((PASS + qp))
	FAIL=$((FAIL + qf))
else
	FAIL=$((FAIL + 1))
	echo "  FAIL the QEMU series' checks did not finish (log: $LOG/qemu.log)"
fi

section "KUnit (final kernel): waiting for its run"
boot_wait

summary
