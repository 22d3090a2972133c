#!/bin/bash
# Build the s390 part of the kernel documentation (Documentation/arch/s390)
# with Sphinx into build/docs, and fail if Sphinx reports any warning or
# error for Documentation/arch/s390/vfio-ap.rst.
#
# The kernel's own target works with Debian 12's Sphinx 5.3 (the kernel
# needs >= 3.4.3): make htmldocs SPHINXDIRS=arch/s390 runs
# tools/docs/sphinx-build-wrapper, which calls sphinx-build with the
# kernel's Documentation/conf.py on just that directory.  No .config and
# no compiler are needed; nothing is written into $T.  Sphinx runs with
# -E (read every file again) so that the warnings of an unchanged
# vfio-ap.rst are printed again on a rebuild.
#
# Debian packages: python3-sphinx (sphinx-build, docutils, jinja2) and
# python3-yaml (conf.py loads the kernel's YAML parser extension, whose
# helper imports yaml).  The default theme is alabaster, which comes with
# Sphinx, so python3-sphinx-rtd-theme is optional (DOCS_THEME=sphinx_rtd_theme).
# graphviz (dot) is optional too: without it Sphinx prints one general
# warning about dot(1), which is not one of vfio-ap.rst.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
T=${T:-build/linux}
OUT=$(realpath -m "${OUT:-build/docs}")
DOC=Documentation/arch/s390/vfio-ap.rst
PKGS=(python3-sphinx python3-yaml)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "docs: missing Debian packages: ${missing[*]} (needs: ${PKGS[*]})" >&2
	exit 1
fi

mkdir -p "$OUT"
LOGF=$OUT/sphinx.log
start=$(date +%s)
# One job: the build takes a few seconds, and the cores belong to the
# kernel builds.
rc=0
ktool nice make -s -C "$T" O="$OUT" SPHINXDIRS=arch/s390 SPHINXOPTS="-E -j1" \
	htmldocs > "$LOGF" 2>&1 || rc=$?
end=$(date +%s)
cat "$LOGF"
if [ "$rc" != 0 ]; then
	echo "docs: Sphinx failed (exit $rc; log: $LOGF)" >&2
	exit 1
fi
# Sphinx names the file as a path, absolute or relative to the tree.
if grep -E "(^|/)$DOC(:[0-9]+)?: *(WARNING|ERROR|SEVERE|CRITICAL)" "$LOGF" >&2; then
	echo "docs: Sphinx reports problems in $DOC (log: $LOGF)" >&2
	exit 1
fi
html=$OUT/Documentation/output/arch/s390/vfio-ap.html
[ -s "$html" ] || { echo "docs: $html was not built" >&2; exit 1; }
echo "docs: $DOC builds without warnings ($((end - start)) s): $html"
