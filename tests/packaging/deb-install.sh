#!/usr/bin/env bash
# Builds the .deb from a build directory and installs it into a clean Debian 12 root, then runs it there:
#   CARE_TEST_PACKAGING=1 tests/packaging/deb-install.sh BUILD_DIR
# Proves the package declares its dependencies (apt pulls them from the Debian mirror into a root
# that has nothing else) and carries what it loads at run time: `careconsole --version`, the console
# started offscreen on a new SQLite store, the PostgreSQL driver present, the console on X11 (xcb)
# when Xvfb is available (a screenshot is left in BUILD_DIR/packaging-test/).
#
# Needs root (chroot, mounts), debootstrap and network access to the Debian mirror. The clean root is
# cached as a tarball (tests/packaging/debian-root-cache.sh, /var/cache/careconsole/debroot.tar) and
# downloaded .debs in /var/cache/careconsole/apt-archives, so a repeat run takes about a minute.
# Without CARE_TEST_PACKAGING=1 it exits 77, which CTest reports as skipped.
set -euo pipefail

if [ "${CARE_TEST_PACKAGING:-0}" != 1 ]; then
    echo "packaging test skipped: set CARE_TEST_PACKAGING=1 to build the .deb and install it into a clean Debian 12 root"
    exit 77
fi
if [ "$#" -ne 1 ]; then
    echo "usage: CARE_TEST_PACKAGING=1 $0 BUILD_DIR" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "deb-install: needs root (chroot and mounts)" >&2
    exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
cache=${CARE_DEBROOT_CACHE:-/var/cache/careconsole}
out="$build/packaging-test"
rm -rf "$out"
mkdir -p "$out" "$cache/apt-archives/partial"

step() { printf '\n== %s\n' "$*"; }

step "building the .deb (cpack -G DEB in $build)"
(cd "$build" && cpack -G DEB -B "$out/cpack" >"$out/cpack.log" 2>&1) || { tail -30 "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/cpack/careconsole_*.deb)
dpkg-deb --field "$deb" Package Version Depends Recommends
dpkg-deb --contents "$deb" | awk '{print $6}' >"$out/contents.txt"
for path in ./usr/bin/careconsole ./usr/share/applications/careconsole.desktop \
    ./usr/share/metainfo/invalid.careconsole.CareConsole.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/careconsole.svg ./usr/share/icons/hicolor/16x16/apps/careconsole.png \
    ./usr/share/icons/hicolor/512x512/apps/careconsole.png ./usr/share/man/man1/careconsole.1.gz; do
    grep -qx "$path" "$out/contents.txt" || { echo "FAIL: the .deb lacks $path" >&2; exit 1; }
done

if command -v lintian >/dev/null 2>&1; then
    step "lintian (errors and warnings fail)"
    lintian --fail-on error,warning --tag-display-limit 0 "$deb" 2>&1 | grep -v 'root privileges' || true
    lintian --fail-on error,warning "$deb" >/dev/null 2>&1 || { echo "FAIL: lintian found errors or warnings" >&2; exit 1; }
fi

step "a clean Debian 12 root"
tarball=$("$here/debian-root-cache.sh" "$cache")
root=$(mktemp -d /var/tmp/care-debroot.XXXXXX)
cleanup() { rm -rf --one-file-system "$root"; }
trap cleanup EXIT
tar -C "$root" -xf "$tarball"
cp "$deb" "$root/tmp/careconsole.deb"
cp /etc/resolv.conf "$root/etc/resolv.conf"
test ! -e "$root/usr/lib/x86_64-linux-gnu/libQt6Core.so.6" || { echo "FAIL: the cached root is not clean" >&2; exit 1; }

xvfb_pid=
display=
if command -v Xvfb >/dev/null 2>&1; then
    for n in $(seq 140 160); do
        if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
    done
    if [ -n "$display" ]; then
        Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
        xvfb_pid=$!
        trap 'kill "$xvfb_pid" 2>/dev/null || true; cleanup' EXIT
    fi
fi

# Everything below runs in a private mount namespace: the mounts vanish with it, even on failure.
export root display out
unshare --mount --propagation private bash -euo pipefail -s <<'INSIDE' 2>&1 | tee "$out/chroot.log"
cache=${CARE_DEBROOT_CACHE:-/var/cache/careconsole}
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
mkdir -p "$root/tmp/.X11-unix"
if [ -n "$display" ]; then mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"; fi
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt-get install ./careconsole.deb (dependencies from the Debian mirror, no recommends)"
in_root apt-get update -q >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/careconsole.deb >$out/apt.log 2>&1 || { tail -30 $out/apt.log; exit 1; }
grep -E '^(Setting up|Need to get)' $out/apt.log | wc -l | sed 's/^/packages set up and fetch lines: /'

echo "== careconsole --version"
in_root careconsole --version | tee $out/version.txt
grep -q '^careconsole [0-9]' $out/version.txt

echo "== careconsole --help lists the workspace command"
in_root careconsole --help | grep -q "workspace"

echo "== the console offscreen on a new SQLite store (must still be running after 8 s)"
in_root mkdir -p /tmp/agent
set +e
in_root env HOME=/tmp/agent QT_QPA_PLATFORM=offscreen timeout 8 careconsole --database /tmp/agent/new.sqlite >$out/offscreen.log 2>&1
status=$?
set -e
cat $out/offscreen.log
if [ "$status" -ne 124 ]; then echo "FAIL: the console ended with status $status instead of running" >&2; exit 1; fi
head -c 16 "$root/tmp/agent/new.sqlite" | grep -q 'SQLite format 3' || { echo "FAIL: no SQLite store was created" >&2; exit 1; }
echo "store created: $(stat -c %s "$root/tmp/agent/new.sqlite") bytes"

echo "== the PostgreSQL driver is installed (a closed port is reported as unreachable, not as a missing driver)"
set +e
in_root env HOME=/tmp/agent QT_QPA_PLATFORM=offscreen timeout 20 careconsole --database postgresql://care@127.0.0.1:9/care >$out/pg.log 2>&1
set -e
cat $out/pg.log
if grep -qi 'driver' $out/pg.log; then echo "FAIL: the PostgreSQL driver is missing" >&2; exit 1; fi
grep -q 'Nothing answered' $out/pg.log || { echo "FAIL: expected 'Nothing answered at 127.0.0.1:9'" >&2; exit 1; }

if [ -n "$display" ]; then
    echo "== the console on X11 (xcb platform plugin) with the demo workspace"
    set +e
    in_root env HOME=/tmp/agent DISPLAY="$display" QT_QPA_PLATFORM=xcb timeout 12 careconsole --demo >$out/xcb.log 2>&1 &
    pid=$!
    sleep 9
    DISPLAY="$display" import -window root $out/xcb.png 2>/dev/null
    wait "$pid"
    status=$?
    set -e
    cat $out/xcb.log
    if [ "$status" -ne 124 ]; then echo "FAIL: the console on xcb ended with status $status" >&2; exit 1; fi
fi
INSIDE
test ! -f "$out/xcb.png" || echo "screenshot: $out/xcb.png"
echo
echo "PASS: the .deb installs on a clean Debian 12 root and the console runs there"
