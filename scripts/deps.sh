#!/bin/bash
# Install the host packages the harness needs (Debian 12, as root).
# Adds, as sources files of their own and reusing the mirror of the
# machine's own Debian entry: trixie-backports (binary packages, default
# backports priority: for linux-source-7.3) and sid's source packages
# (deb-src only, so nothing installs from it: scripts/sparse.sh builds
# sparse 0.6.5 from there, since bookworm's 0.6.4 is too old for 7.3),
# and bookworm-backports (binary packages, default backports priority:
# meson 1.7, since QEMU 10.2 needs meson 1.5 and bookworm has 1.0; only
# meson is taken from there).
set -euo pipefail

PKGS=(make gcc git ccache flex bison bc cpio kmod rsync perl python3
      libelf-dev libssl-dev
      gcc-s390x-linux-gnu binutils-s390x-linux-gnu libc6-dev-s390x-cross
      qemu-system-misc qemu-user python3-ply python3-git
      python3-sphinx python3-yaml dpkg-dev
      ninja-build pkg-config libglib2.0-dev python3-venv python3-distlib
      python3-docutils)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

# QEMU's build needs meson >= 1.5.
v=$(dpkg-query -W -f='${Version}' meson 2>/dev/null || true)
if [ -z "$v" ] || ! dpkg --compare-versions "$v" ge 1.5; then
	missing+=(meson/bookworm-backports)
fi

src=/etc/apt/sources.list.d/vfio-ap-trixie-backports.sources
srcsrc=/etc/apt/sources.list.d/vfio-ap-sid-src.sources
bpo=/etc/apt/sources.list.d/vfio-ap-bookworm-backports.sources
need_src=
if ! grep -rqs 'trixie-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ ||
   ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ ||
   [ ! -f "$srcsrc" ]; then
	need_src=1
fi

[ ${#missing[@]} -eq 0 ] && [ -z "$need_src" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to install: ${missing[*]} ${need_src:+(and the trixie-backports apt source)}" >&2
	exit 1
fi

if [ -n "$need_src" ]; then
	# The first Debian (non-security) mirror this machine already uses.
	mirror=$( (grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}';
		   grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}') |
		 grep -v security | grep '/debian/\?$' | head -1 || true)
	if [ -z "$mirror" ]; then
		echo "deps: no Debian mirror found in the apt sources to add trixie-backports" >&2
		exit 1
	fi
	grep -rqs 'trixie-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ ||
		cat > "$src" <<SRC
Types: deb
URIs: $mirror
Suites: trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ ||
		cat > "$bpo" <<SRC
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	cat > "$srcsrc" <<SRC
Types: deb-src
URIs: $mirror
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	echo "deps: added apt sources for trixie-backports, bookworm-backports and sid (deb-src) ($mirror)"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "deps: apt-get update failed" >&2; exit 1; }
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		{ echo "deps: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
fi
