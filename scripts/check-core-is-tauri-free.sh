#!/usr/bin/env bash
# Fails when a library crate under src-tauri/crates/ depends (even transitively) on Tauri,
# wry or WebKit/GTK: the core must build and test without a webview.
set -euo pipefail
cd "$(dirname "$0")/.."
failed=0
checked=0
for manifest in src-tauri/crates/*/Cargo.toml; do
  crate=$(sed -nE 's/^name = "([^"]+)"/\1/p' "$manifest" | head -1)
  checked=$((checked + 1))
  # A failing `cargo tree` (unknown crate, broken manifest, no network for the index) is a
  # failure, never an "ok" with nothing found.
  if ! tree=$(cargo tree -q -p "$crate" -e normal,build,dev --prefix none 2>&1); then
    echo "FAIL $crate: cargo tree failed: $(echo "$tree" | tail -3)"
    failed=$((failed + 1))
    continue
  fi
  offenders=$(echo "$tree" | grep -E '^(tauri|tauri-[a-z-]+|wry|webkit2gtk[a-z0-9-]*|gtk|gtk-sys|javascriptcore-rs) ' | sort -u || true)
  if [ -n "$offenders" ]; then
    echo "FAIL $crate depends on: $(echo "$offenders" | awk '{print $1}' | tr '\n' ' ')"
    failed=$((failed + 1))
  else
    echo "ok   $crate is Tauri-free"
  fi
done
echo "$((checked - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
