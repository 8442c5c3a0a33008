#!/usr/bin/env bash
# Benchmark (not a timed test): cold start of the desktop app to the login screen, and its idle memory
# after login, against the budgets in DESIGN.md (≤ 1 s; idle PSS ≤ 1.2× a bare Tauri window measured in the
# same run). `make bench-startup` builds the
# release app and runs this. Needs what `make test` needs (Xvfb, gnome-keyring, WebKitWebDriver,
# tauri-driver, node).
#
# Usage: scripts/startup-bench.sh            # the release build (target/release/skyddsvalv-app)
#        SKYDDSVALV_APP=target/debug/skyddsvalv-app scripts/startup-bench.sh
#        BENCH_RUNS=10 BENCH_IDLE_MS=10000 scripts/startup-bench.sh
#
# How it measures: the app is started by tauri-driver; the time runs from the WebDriver "new session"
# request until #view-login is seen shown (polled every 10 ms), for BENCH_RUNS launches (the first after
# dropping the page cache when allowed). Then it logs in as the demo case handler on a throw-away demo
# vault, idles 10 s, and sums VmRSS (and Pss) of the app and its WebKit child processes from /proc.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"

if [ -z "${SKYDDSVALV_BENCH_INNER:-}" ]; then
  if [ -z "${SKYDDSVALV_APP:-}" ]; then
    if [ -x target/release/skyddsvalv-app ]; then
      SKYDDSVALV_APP="$repo/target/release/skyddsvalv-app"
    else
      echo "$0: target/release/skyddsvalv-app not found (make bench-startup builds it); using the debug build" >&2
      SKYDDSVALV_APP="$repo/target/debug/skyddsvalv-app"
    fi
  fi
  SKYDDSVALV_APP="$(cd "$(dirname "$SKYDDSVALV_APP")" && pwd)/$(basename "$SKYDDSVALV_APP")"
  export SKYDDSVALV_APP
  cli="$(dirname "$SKYDDSVALV_APP")/skyddsvalv"
  [ -x "$cli" ] || cli="$repo/target/release/skyddsvalv"
  [ -x "$cli" ] || cli="$repo/target/debug/skyddsvalv"
  export SKYDDSVALV_CLI="$cli"
  # The yardstick: the same Tauri and WebKitGTK with nothing in it, from the same build profile.
  bare="$(dirname "$SKYDDSVALV_APP")/bare-window"
  [ -x "$bare" ] && export SKYDDSVALV_BARE="$bare" || echo "$0: $bare not found; no ratios (cargo build -p bare-window)" >&2
  for f in "$SKYDDSVALV_APP" "$SKYDDSVALV_CLI"; do
    [ -x "$f" ] || { echo "$0: $f not found; cargo build --release --workspace" >&2; exit 1; }
  done
  if ! command -v tauri-driver >/dev/null 2>&1; then
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  fi
  export SKYDDSVALV_BENCH_INNER=1
  exec scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" "$0" "$@"
fi

unset SKYDDSVALV_BENCH_INNER
export NO_AT_BRIDGE=1 GTK_USE_PORTAL=0
work="$(mktemp -d "${TMPDIR:-/tmp}/skyddsvalv-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export SKYDDSVALV_VAULT="$work/vault"
# A demo vault (synthetic persons, one account per role) in this keyring session.
"$SKYDDSVALV_CLI" demo-vault --persons 40 >"$work/accounts.txt"
node scripts/startup-bench.mjs
