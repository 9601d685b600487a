#!/usr/bin/env bash
# Makes sure a clean Debian 12 (bookworm, minbase) root is cached as a tarball, and prints its path.
#   tests/packaging/debian-root-cache.sh [CACHE_DIR]     default: $CARE_DEBROOT_CACHE or /var/cache/careconsole
# The first run debootstraps from the Debian mirror (a few minutes); later runs only print the path.
# The cache lives outside the repository so a fresh clone and every build directory share it.
set -euo pipefail

cache_dir=${1:-${CARE_DEBROOT_CACHE:-/var/cache/careconsole}}
mirror=${CARE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
tarball="$cache_dir/debroot.tar"

if [ -s "$tarball" ]; then
    echo "$tarball"
    exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
    echo "debian-root-cache: debootstrap is not installed (apt-get install debootstrap)" >&2
    exit 1
fi

mkdir -p "$cache_dir"
work=$(mktemp -d "$cache_dir/debroot.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "debian-root-cache: debootstrapping Debian 12 into $work (first run only)" >&2
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
}
# The same apt sources as a stock installation, security updates included.
cat >"$work/root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*_Packages 2>/dev/null || true
tar -C "$work/root" -cf "$tarball.part" .
mv "$tarball.part" "$tarball"
echo "$tarball"
