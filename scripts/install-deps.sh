#!/usr/bin/env bash
# Installs the Debian packages Skyddsvalv needs to build (and, with --test, to run its tests).
# Only what is missing is installed; uses sudo when not root.
set -euo pipefail

build_pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  libssl-dev pkg-config build-essential file libdbus-1-dev)
test_pkgs=(xvfb xauth webkit2gtk-driver gnome-keyring dbus dbus-x11 libsecret-tools keyutils chromium poppler-utils)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing missing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
