#!/usr/bin/env bash
# `make run`: creates a throw-away demo vault (synthetic persons, one account per role, passwords
# printed) and opens the desktop app on it. Without a display it runs a short CLI walkthrough instead.
# Without a running Secret Service it starts a throw-away one (scripts/with-keyring.sh), so the demo
# vault only opens inside that session — fine for a demo, never for real data.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${SKYDDSVALV_KEYRING_SESSION_INNER:-}" ]; then
  exec scripts/with-keyring.sh "$0" "$@"
fi

bin=target/release
demo_dir="$(mktemp -d "${TMPDIR:-/tmp}/skyddsvalv-demo.XXXXXX")"
export SKYDDSVALV_VAULT="$demo_dir/vault"
"$bin/skyddsvalv" demo-vault --persons 40 | tee "$demo_dir/accounts.txt"
sample="$(sed -n 's/.*synthetic number \([0-9-]*\)\./\1/p' "$demo_dir/accounts.txt")"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Opening Skyddsvalv on the demo vault (close the window to finish)."
  "$bin/skyddsvalv-app"
else
  echo "No display found: a short CLI walkthrough instead (the app needs a desktop session)."
  set -x
  printf '%s\n%s\n' 'demo reception lösenfras 3' "$sample" | "$bin/skyddsvalv" --user reception lookup
  printf '%s\n%s\n' 'demo handläggare lösenfras 2' 'a' | "$bin/skyddsvalv" --user hanna person find
  echo 'demo granskare lösenfras 4' | "$bin/skyddsvalv" --user gunnar log list --limit 5
  echo 'demo granskare lösenfras 4' | "$bin/skyddsvalv" --user gunnar log verify
  set +x
fi
echo "The demo vault is in $demo_dir; delete it when done."
