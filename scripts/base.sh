#!/bin/bash
# Lay out the pinned base kernel as a git repository in build/base.
# Default: Debian's linux-source-7.3 at the version in base.version,
# imported with a fixed author and date so its commit id is the same on
# every machine.  KSRC=/path/to/linux imports a user's own tree instead.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
read -r PKG VER < base.version
B=build/base
mkdir -p build

if [ -d "$B/.git" ] && git -C "$B" rev-parse -q --verify refs/tags/base >/dev/null; then
	exit 0
fi
rm -rf "$B" build/dl
mkdir -p build/dl

avail_kb=$(df -Pk build | awk 'NR==2 {print $4}')
if [ "$avail_kb" -lt $((8 * 1024 * 1024)) ]; then
	echo "base: less than 8 GiB free under build/ ($((avail_kb / 1024)) MiB); need ~8 GiB" >&2
	exit 1
fi

if [ -n "${KSRC:-}" ]; then
	[ -f "$KSRC/Makefile" ] && [ -d "$KSRC/drivers/s390/crypto" ] ||
		{ echo "base: KSRC=$KSRC is not a Linux source tree" >&2; exit 1; }
	echo "base: importing KSRC=$KSRC"
	mkdir -p "$B"
	(cd "$KSRC" && git ls-files -z 2>/dev/null || find . -path ./.git -prune -o -type f -print0) |
		(cd "$KSRC" && rsync -a --from0 --files-from=- . "$OLDPWD/$B/")
	desc="user tree $KSRC"
else
	echo "base: downloading $PKG=$VER"
	(cd build/dl && apt-get download -q "$PKG=$VER" >/dev/null 2>&1) || {
		echo "base: cannot download $PKG=$VER (run scripts/deps.sh as root to add trixie-backports)" >&2
		exit 1
	}
	dpkg-deb -x build/dl/*.deb build/dl/x
	tarball=$(ls build/dl/x/usr/src/linux-source-*.tar.*)
	mkdir -p "$B"
	tar -xf "$tarball" -C "$B" --strip-components=1
	rm -rf build/dl
	desc="Debian $PKG $VER"
fi

# Debian's linux-source adds a rule to .gitignore that ignores every new
# file at the top level (its packaging is not in the tree); drop it so
# that new files of the series are not ignored.
sed -i '/^# Debian packaging: ignore everything/,$d' "$B/.gitignore"
awk '{ l[NR] = $0 } END { n = NR; while (n && (l[n] == "" || l[n] == "#")) n--
	for (i = 1; i <= n; i++) print l[i] }' "$B/.gitignore" > "$B/.gitignore.new"
mv "$B/.gitignore.new" "$B/.gitignore"

base_commit "$B" "Linux base: $desc"
echo "base: $(git -C "$B" rev-parse HEAD) ($desc)"
