#!/bin/bash
# All tests of the series: round trip, per-patch checks (checkpatch
# --strict, W=1 build, KUnit in QEMU), and on the final tree sparse,
# kernel-doc, uapi headers, the vfio_ap.ko build and the KUnit run with
# the debug kernel.  Ends with 'N passed, N failed'.
#
# One kernel build serves every step: a worktree walks from the base
# through each patch with the final test kernel's .config, building
# incrementally into one output directory, and the last patch's kernel
# is the debug kernel of the final run.  A cold run thus compiles the
# kernel once, not once for the final tree and again for the walk.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export CCACHE_DIR=${CCACHE_DIR:-$PWD/build/ccache}
T=build/linux
PP=build/pp		# worktree that walks the series patch by patch
PPO=build/pp-out	# its build output
LOG=build/check
PASS=0
FAIL=0
rm -rf "$LOG"
mkdir -p "$LOG"

# check NAME LOG CMD...: run CMD (a command or a function), count it.
check() {
	local name=$1 log=$2
	shift 2
	if "$@" > "$log" 2>&1; then
		PASS=$((PASS + 1))
		echo "  ok   $name"
	else
		FAIL=$((FAIL + 1))
		echo "  FAIL $name (log: $log)"
		grep -E 'error|warning|WARNING|ERROR|FAIL|not ok|verdict' "$log" | head -15 | sed 's/^/       /'
		return 1
	fi
}

kmake() {
	make -s -C "$1" O="$(realpath -m "$2")" "${S390_MAKE[@]}" \
		CC="ccache s390x-linux-gnu-gcc" -j"$JOBS" "${@:3}"
}

# Warnings of a build log, without line numbers, sorted.
warnings() {
	grep -E 'warning:|error:' "$1" | sed -E 's/:[0-9]+:([0-9]+:)?/:/' | sort -u || true
}

# checkpatch PATCH: run from the top of the tree, as it expects.
checkpatch() {
	(cd "$T" && scripts/checkpatch.pl --strict --no-summary --quiet "$1") 2>&1 | tee "$LOG/checkpatch.out"
	[ ! -s "$LOG/checkpatch.out" ]
}

# patch_build LOGPREFIX: W=1 build of drivers/s390/crypto and vmlinux at
# the worktree's commit; fail on warnings that the base does not have.
patch_build() {
	kmake "$PP" "$PPO" W=1 drivers/s390/crypto/ > "$1.w1" 2>&1 || { cat "$1.w1"; return 1; }
	kmake "$PP" "$PPO" || return 1
	touch "$1.built"
	warnings "$1.w1" | comm -23 - "$LOG/base-w1.warn" > "$1.new"
	cat "$1.new"
	[ ! -s "$1.new" ]
}

sparse_new() {
	kmake "$PP" "$PPO" C=2 CHECK="$SPARSE" drivers/s390/crypto/ > "$LOG/sparse.out" 2>&1
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
	[ ${#old[@]} = 0 ] || "$T/scripts/kernel-doc" -none -Wall "${old[@]}" 2>&1 |
		sed -E 's|build/base/||; s/:[0-9]+ / /' | sort -u > "$LOG/kernel-doc.base"
	"$T/scripts/kernel-doc" -none -Wall "${files[@]}" 2>&1 |
		sed -E "s|$T/||; s/:[0-9]+ / /" | sort -u |
		comm -23 - "$LOG/kernel-doc.base" | tee "$LOG/kernel-doc.new"
	[ ! -s "$LOG/kernel-doc.new" ]
}

# The KUnit suites that the tree in $1 declares under drivers/s390/crypto.
suites_in() {
	grep -ho '^\s*\.name = "[^"]*"' $(grep -l 'kunit_test_suite' "$1"/drivers/s390/crypto/*.c 2>/dev/null) /dev/null |
		sed 's/.*"\(.*\)"/\1/' | paste -sd, -
}

# Section headers show the time since the start, as [min:sec].
section() {
	printf '== %s [%d:%02d]\n' "$1" $((SECONDS / 60)) $((SECONDS % 60))
}

section "series"
check "round trip: series/ applies to the base and exports back unchanged" \
	"$LOG/roundtrip.log" scripts/roundtrip.sh
mapfile -t COMMITS < <(git -C "$T" rev-list --reverse base..HEAD)
mapfile -t PATCHES < <(series_patches)

section "test kernel configuration"
KCFG=build/kconfig
check "configure the KUnit test kernel (kunit.py config, configs/kunit.config)" \
	"$LOG/kunit-config.log" env O="$KCFG" scripts/kunit.sh config || {
	echo; echo "$PASS passed, $((FAIL + 1)) failed"; exit 1; }

if [ ! -e "$PP/.git" ]; then
	git -C "$T" worktree prune
	git -C "$T" worktree add -q --detach "$(realpath -m "$PP")" base
fi
mkdir -p "$PPO"
rm -rf "$PPO/tests"	# the kselftest joins the initrd of the final run only
cp "$KCFG/.config" "$PPO/.config"
git -C "$PP" checkout -q --detach base
kmake "$PP" "$PPO" olddefconfig > /dev/null
kmake "$PP" "$PPO" W=1 drivers/s390/crypto/ > "$LOG/base.w1" 2>&1
SPARSE=$(scripts/sparse.sh) || exit 1
kmake "$PP" "$PPO" C=2 CHECK="$SPARSE" drivers/s390/crypto/ > "$LOG/base.sparse" 2>&1
warnings "$LOG/base.w1" > "$LOG/base-w1.warn"
warnings "$LOG/base.sparse" > "$LOG/base-sparse.warn"

last=
for i in "${!COMMITS[@]}"; do
	p=${PATCHES[$i]:-}
	n=$(basename "${p:-missing-$i}" .patch)
	section "patch $n"
	git -C "$PP" checkout -q --detach "${COMMITS[$i]}"
	# The final tree's config, less what this patch does not know yet.
	cp "$KCFG/.config" "$PPO/.config"
	kmake "$PP" "$PPO" olddefconfig > /dev/null
	check "$n: checkpatch --strict" "$LOG/$n.checkpatch" \
		checkpatch "$p"
	check "$n: W=1 build, no new warnings" "$LOG/$n.build" patch_build "$LOG/$n"
	last=$n
	if [ -n "${NO_BISECT_KUNIT:-}" ]; then
		:
	elif [ "$i" -gt 0 ] && [ -f "$LOG/$n.built" ] &&
	     git -C "$PP" diff --quiet "${COMMITS[$i]}^" "${COMMITS[$i]}" -- . \
		':(exclude)Documentation' ':(exclude)tools' ':(exclude)MAINTAINERS'; then
		# Not counted: the kernel is the previous patch's, already run.
		echo "  --   $n: KUnit not run again: the patch changes no kernel source"
	elif [ -f "$LOG/$n.built" ]; then
		check "$n: KUnit suites at this patch pass in QEMU (no slow cases)" "$LOG/$n.kunit" \
			env T="$PP" O="$PPO" EXPECT="$(suites_in "$PP" | sed 's/,*[a-z_]*_bench//')" \
			FILTER='speed>slow' \
			scripts/kunit.sh run
	else
		FAIL=$((FAIL + 1))
		echo "  FAIL $n: KUnit not run: the kernel at this patch does not build"
	fi
done

section "final tree"
check "sparse (C=2): no new warnings in drivers/s390/crypto" "$LOG/sparse.log" sparse_new
check "kernel-doc -none -Wall on the touched files" "$LOG/kernel-doc.log" kdoc
check "headers_install; new uapi headers compile alone" "$LOG/headers.log" scripts/uapi.sh
check "module build (configs/module.config): vfio_ap.ko" "$LOG/module.log" scripts/module.sh
check "Sphinx: Documentation/arch/s390 builds, no warning in vfio-ap.rst" "$LOG/docs.log" \
	scripts/docs.sh
if [ -f "$T/tools/testing/selftests/vfio/vfio_ap_migration_test.c" ]; then
	check "kselftest: cross-built for s390x, skips under qemu-s390x" "$LOG/selftest.log" \
		env O="$PPO" scripts/selftest.sh
fi

# The kernel of the last patch, which the walk built with the final
# .config: every suite, slow cases included, and the kselftest.
section "KUnit (final tree, debug kernel)"
if [ -z "$last" ] || [ ! -f "$LOG/$last.built" ]; then
	echo "  FAIL KUnit not run: the test kernel does not build"
	echo
	echo "$PASS passed, $((FAIL + 1)) failed"
	exit 1
fi
rm -f "$PPO/counts"	# no counts of an earlier run if this one writes none
T="$PP" O="$PPO" EXPECT="$(suites_in "$PP")" scripts/kunit.sh run > "$LOG/kunit.log" 2>&1
krc=$?
grep -E 'Testing complete|verdict:|^kunit:' "$LOG/kunit.log" | sed 's/^/  /'
read -r kp kf _ < "$PPO/counts" 2>/dev/null || { kp=0; kf=1; }
[ $krc -ne 0 ] && [ "$kf" = 0 ] && kf=1
PASS=$((PASS + kp))
FAIL=$((FAIL + kf))

echo
printf 'check: %d:%02d\n' $((SECONDS / 60)) $((SECONDS % 60))
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
