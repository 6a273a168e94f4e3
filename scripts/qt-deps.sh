#!/bin/sh
# Install the system libraries Qt 6 needs on Debian or Ubuntu, skipping what is
# already there. Plain: enough for the offscreen platform (tests). --display:
# also what a real X11 display needs.
set -e
PKGS="libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3"
[ "$1" = "--display" ] && PKGS="$PKGS libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0"
command -v dpkg-query >/dev/null 2>&1 || exit 0  # not Debian: nothing to do here
MISSING=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || MISSING="$MISSING $p"
done
[ -z "$MISSING" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing:$MISSING"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING >/dev/null
