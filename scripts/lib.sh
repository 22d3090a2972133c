# Shared helpers for the harness scripts (sourced).
S390_MAKE=(ARCH=s390 CROSS_COMPILE=s390x-linux-gnu-)
export CCACHE_DIR=${CCACHE_DIR:-$PWD/build/ccache}
# ccache's depend mode: a miss compiles once and takes the dependencies
# from the compiler's -MD file, where the default mode runs the
# preprocessor first.  A cold build of the test kernel's kernel/ and mm/
# takes 111 s so against 132 s (102 s without ccache); hits are the same.
export CCACHE_DEPEND=${CCACHE_DEPEND:-1}
JOBS=${JOBS:-$(($(nproc) + 1))}

# ktool CMD...: run one of the kernel's own tools (kunit.py, checkpatch's
# spdxcheck.py, kernel-doc, Sphinx) with Debian's python3, which has the
# modules they import (python3-ply, python3-git, python3-sphinx), rather
# than a python3 that another tool put first in PATH.
ktool() {
	PATH=/usr/bin:$PATH "$@"
}

# Two products share the series scripts (tree, export, roundtrip):
# PRODUCT=linux (default), series/ on the base kernel build/base, edited
# in build/linux; PRODUCT=qemu, qemu-series/ on the QEMU source
# build/qemu-base, edited in build/qemu.
case "${PRODUCT:-linux}" in
linux)	SERIES=series BASE=build/base TREE=build/linux MK= ;;
qemu)	SERIES=qemu-series BASE=build/qemu-base TREE=build/qemu MK=qemu- ;;
*)	echo "lib: unknown PRODUCT=$PRODUCT" >&2; exit 2 ;;
esac

series_patches() {
	ls "$PWD/$SERIES"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v '/0000-cover-letter.patch$' || true
}

# Fixed committer identity so commit ids are the same on every machine.
# No automatic gc: the base is some 100000 loose objects, and the gc that
# git am or commit would start packs all of them (minutes of both cores).
tree_identity() {
	git -C "$1" config gc.auto 0
	git -C "$1" config maintenance.auto false
	git -C "$1" config user.name "Vfio-AP Developers"
	git -C "$1" config user.email "vfio-ap-dev@example.org"
	git -C "$1" config core.abbrev 12
}

# base_commit DIR MESSAGE: the unpacked source DIR as a git repository of
# one commit, tagged base.  Fixed identity and date, so that the commit
# id, which the series' base-commit: line names, is the same on every
# machine; no automatic gc (see tree_identity).
base_commit() {
	git -C "$1" init -q -b upstream
	git -C "$1" config core.autocrlf false
	git -C "$1" config gc.auto 0
	git -C "$1" config maintenance.auto false
	git -C "$1" add -A -f .
	GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@localhost \
	GIT_COMMITTER_NAME=base GIT_COMMITTER_EMAIL=base@localhost \
	GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' \
		git -C "$1" commit -q --no-verify -m "$2"
	git -C "$1" tag base
}

# The cover letter's subject and body (what format-patch takes back as
# the branch description), from $SERIES/0000-cover-letter.patch.
cover_text() {
	local f=$SERIES/0000-cover-letter.patch
	[ -f "$f" ] || { printf 'vfio-ap live migration\n\n*** BLURB HERE ***\n'; return; }
	awk '
		/^Subject: / { sub(/^Subject: \[PATCH[^]]*\] /, ""); print; print ""; hdr = 0; next }
		/^$/ && !body { body = 1; next }
		body && /^---$|^[A-Za-z].*\([0-9]+\):$/ { exit }
		body { print }
	' "$f"
}

# The test kernel lives in one place for make kunit, make run and make
# check alike: the worktree build/pp of build/linux, built into
# build/pp-out with the .config that kunit.py config writes into
# build/kconfig.  One cold build thus serves all of them.
KCFG=build/kconfig
PP=build/pp
PPO=build/pp-out

# kmake SRC OUT ARGS...: make for s390 in SRC with output in OUT.  Under
# nice: a guest that boots meanwhile (make check) runs tests with
# timeouts and should keep its speed.  With Debian's python3 (ktool):
# W=1 runs kernel-doc on every file it compiles, and a python3 shim
# that comes first in PATH (pyenv's) costs 0.7 s a start on a busy
# 2-core machine against 0.07 s.
kmake() {
	ktool nice make -s -C "$1" O="$(realpath -m "$2")" "${S390_MAKE[@]}" \
		CC="ccache s390x-linux-gnu-gcc" -j"$JOBS" "${@:3}"
}

# test_kconfig: the test kernel's .config (kunit.py config with
# configs/kunit.config and the driver's .kunitconfig, if the tree has
# one) in build/kconfig, from the tree build/linux.
test_kconfig() {
	local t=build/linux
	mkdir -p "$KCFG"
	(cd "$t" && ktool python3 tools/testing/kunit/kunit.py config --arch=s390 \
		--cross_compile=s390x-linux-gnu- --build_dir="$(realpath "$OLDPWD/$KCFG")" \
		--kunitconfig="$OLDPWD/configs/kunit.config" \
		$([ -f drivers/s390/crypto/.kunitconfig ] && echo --kunitconfig=drivers/s390/crypto/.kunitconfig) \
		--make_options "CC=ccache s390x-linux-gnu-gcc")
}

# test_worktree REV: check out REV in the worktree build/pp, made anew
# if it is not a worktree of build/linux (first use, or build/linux
# re-created by FORCE=1 make tree).
test_worktree() {
	local common rev
	rev=$(git -C build/linux rev-parse --verify -q "$1^{commit}") || return 1
	common=$(git -C "$PP" rev-parse --path-format=absolute --git-common-dir 2>/dev/null) || common=
	if [ "$common" != "$(realpath build/linux/.git)" ]; then
		rm -rf "$PP"
		git -C build/linux worktree prune
		git -C build/linux worktree add -q --detach "$(realpath -m "$PP")" "$rev" || return 1
	fi
	git -C "$PP" checkout -q --detach "$rev" && [ "$(git -C "$PP" rev-parse HEAD)" = "$rev" ]
}

# snapshot: a commit of build/linux as it is now (HEAD, with its
# uncommitted edits and new files on top), printed; HEAD if it is clean.
snapshot() {
	local t=build/linux idx tree
	idx=$(realpath -m build/snapshot.index)
	cp "$t/.git/index" "$idx"
	GIT_INDEX_FILE=$idx git -C "$t" add -A
	tree=$(GIT_INDEX_FILE=$idx git -C "$t" write-tree)
	rm -f "$idx"
	if [ "$tree" = "$(git -C "$t" rev-parse 'HEAD^{tree}')" ]; then
		git -C "$t" rev-parse HEAD
	else
		git -C "$t" commit-tree -p HEAD -m "uncommitted edits of build/linux" "$tree"
	fi
}

# build_kernel LOG: build the test kernel of the worktree (W=1, with the
# test .config less what the checked-out tree does not know), output in
# LOG.  Every build is W=1, so that make check needs one build per patch
# and make kunit reuses its objects.
build_kernel() {
	mkdir -p "$PPO"
	cp "$KCFG/.config" "$PPO/.config"
	kmake "$PP" "$PPO" olddefconfig > /dev/null &&
		kmake "$PP" "$PPO" W=1 > "$1" 2>&1
}
