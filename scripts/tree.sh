#!/bin/bash
# Create build/linux: the base with series/*.patch applied by git am
# (PRODUCT=qemu: build/qemu, the QEMU base with qemu-series/).  An
# existing tree is kept (it is where patches are edited); FORCE=1
# recreates it from the series.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${1:-$TREE}

if [ -d "$T/.git" ] && [ -z "${FORCE:-}" ]; then
	exit 0
fi
rm -rf "$T"
git clone -q --no-checkout "$BASE" "$T"
git -C "$T" checkout -q -b series base
tree_identity "$T"
patches=$(series_patches)
if [ -n "$patches" ]; then
	# shellcheck disable=SC2086
	git -C "$T" am -q --committer-date-is-author-date $patches || {
		p=$(cat "$T/.git/rebase-apply/next" 2>/dev/null)
		echo "tree: $SERIES/ does not apply to the base (stopped at patch $p)" >&2
		git -C "$T" am --abort
		exit 1
	}
fi
# Keep the cover letter's text as the branch description for export.
cover_text > "$T/.git/cover-description"
git -C "$T" config branch.series.description "$(cat "$T/.git/cover-description")"
echo "tree: $T at $(git -C "$T" describe --always) ($(echo "$patches" | wc -w) patches)"
