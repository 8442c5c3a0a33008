#!/usr/bin/env bash
# Usage: scripts/with-keyring.sh CMD [ARGS...]
#
# Runs CMD inside a fresh D-Bus session (dbus-run-session) that has a gnome-keyring Secret Service,
# unlocked, backed by a throwaway keyring directory. Exits with CMD's exit code. The keyring daemon
# is stopped and its files removed afterwards; dbus-run-session stops the bus.
# Needs: dbus (dbus-run-session, dbus-send) and gnome-keyring (make test-deps installs them).
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

if [ -z "${SKYDDSVALV_KEYRING_SESSION_INNER:-}" ]; then
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$0: '$tool' not found; run 'make test-deps' (scripts/install-deps.sh --test)" >&2
      exit 127
    fi
  done
  self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
  exec dbus-run-session -- env SKYDDSVALV_KEYRING_SESSION_INNER=1 "$self" "$@"
fi

# --- inside the fresh D-Bus session ---
unset SKYDDSVALV_KEYRING_SESSION_INNER

keyring_tmp="$(mktemp -d "${TMPDIR:-/tmp}/skyddsvalv-keyring.XXXXXX")"
keyring_pid=""
cleanup() {
  if [ -n "$keyring_pid" ] && kill -0 "$keyring_pid" 2>/dev/null; then
    kill -TERM "$keyring_pid" 2>/dev/null || true
    wait "$keyring_pid" 2>/dev/null || true
  fi
  rm -rf "$keyring_tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -m 700 "$keyring_tmp/data" "$keyring_tmp/run"
# The daemon alone gets the throwaway directories (its keyring files and control socket);
# CMD keeps the caller's environment. --foreground keeps it our child so we can stop it.
# (--start does not work headless; --unlock with the password on stdin creates and unlocks
# the "login" keyring, which becomes the default collection.)
printf '%s' "skyddsvalv-test-keyring" |
  XDG_DATA_HOME="$keyring_tmp/data" XDG_RUNTIME_DIR="$keyring_tmp/run" \
    gnome-keyring-daemon --foreground --unlock --components=secrets >"$keyring_tmp/daemon.log" 2>&1 &
keyring_pid=$!

# Wait until the daemon owns the Secret Service name on the bus.
ready=""
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    ready=1
    break
  fi
  if ! kill -0 "$keyring_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "$0: gnome-keyring Secret Service did not start:" >&2
  cat "$keyring_tmp/daemon.log" >&2 || true
  exit 1
fi

set +e
"$@"
rc=$?
set -e
exit "$rc"
