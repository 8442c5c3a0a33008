#!/usr/bin/env bash
# Demo of Skyddsvalv. Placeholder: the full walkthrough comes later.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck source=/dev/null
  . "$HOME/.cargo/env"
fi

echo "Skyddsvalv demo (placeholder)."
echo "It will: create a demo vault, add users for each role, add a protected person, and show"
echo "masked lookup, a logged reveal, the access log and its verification, using the CLI."
echo "For now it only shows the CLI's help:"
echo
cargo run --release --bin skyddsvalv -- --help
