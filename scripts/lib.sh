# Shared helpers for the harness scripts (sourced).
# Debian's python3 (with python3-ply and python3-git for checkpatch),
# not a python3 that another tool put first in PATH.
export PATH=/usr/bin:$PATH
S390_MAKE=(ARCH=s390 CROSS_COMPILE=s390x-linux-gnu-)
JOBS=${JOBS:-$(($(nproc) + 1))}

series_patches() {
	ls "$PWD"/series/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v '/0000-cover-letter.patch$' || true
}

# Fixed committer identity so commit ids are the same on every machine.
tree_identity() {
	git -C "$1" config user.name "Vfio-AP Developers"
	git -C "$1" config user.email "vfio-ap-dev@example.org"
	git -C "$1" config core.abbrev 12
}

# The cover letter's subject and body (what format-patch takes back as
# the branch description), from series/0000-cover-letter.patch.
cover_text() {
	local f=series/0000-cover-letter.patch
	[ -f "$f" ] || { printf 'vfio-ap live migration\n\n*** BLURB HERE ***\n'; return; }
	awk '
		/^Subject: / { sub(/^Subject: \[PATCH[^]]*\] /, ""); print; print ""; hdr = 0; next }
		/^$/ && !body { body = 1; next }
		body && /^---$|^[A-Za-z].*\([0-9]+\):$/ { exit }
		body { print }
	' "$f"
}
