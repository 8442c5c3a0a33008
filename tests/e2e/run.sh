#!/usr/bin/env bash
# End-to-end tests of the real desktop app (ISSUE 4): tauri-driver + WebKitWebDriver, under Xvfb, inside
# a fresh D-Bus session with an unlocked gnome-keyring (scripts/with-keyring.sh).
#
# Builds nothing: expects target/debug/skyddsvalv-app (cargo build -p skyddsvalv-app) or
# $SKYDDSVALV_APP. Screenshots of every view go to artifacts/e2e/. tests/e2e/e2e.mjs starts tauri-driver
# itself (twice: scenario (e) needs the app started with SKYDDSVALV_IDLE_LOCK_SECONDS) and stops it with
# SIGTERM. The last line is "N passed, M failed"; the exit code is non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo="$(pwd)"

# Outer part: provide the keyring session and the X server, then re-enter.
if [ -z "${SKYDDSVALV_E2E_INNER:-}" ]; then
  export SKYDDSVALV_APP="${SKYDDSVALV_APP:-$repo/target/debug/skyddsvalv-app}"
  if [ ! -x "$SKYDDSVALV_APP" ]; then
    echo "$0: $SKYDDSVALV_APP not found; run 'cargo build -p skyddsvalv-app' first" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
  if [ -z "$(command -v tauri-driver)" ] && [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  fi
  for tool in tauri-driver WebKitWebDriver xvfb-run node; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$0: '$tool' not found (cargo install tauri-driver --locked; make test-deps)" >&2
      echo "0 passed, 1 failed"
      exit 127
    fi
  done
  rm -rf "$repo/artifacts/e2e"
  mkdir -p "$repo/artifacts/e2e"
  export SKYDDSVALV_E2E_INNER=1
  # A screen large enough for the whole window; -a picks a free display number.
  exec scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" "$0" "$@"
fi

# Inner part: inside dbus-run-session + gnome-keyring + Xvfb.
unset SKYDDSVALV_E2E_INNER
# The a11y bus and GTK portals are of no use here and only slow the start.
export NO_AT_BRIDGE=1 GTK_USE_PORTAL=0
# (Do not set WEBKIT_DISABLE_COMPOSITING_MODE: WebKitWebDriver's screenshots then never return.)
exec node tests/e2e/e2e.mjs "$@"
