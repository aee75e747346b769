#!/usr/bin/env bash
# Regenerates the README screenshots from the real app window (under Xvfb, through WebDriver).
# Needs the app built with `npx tauri build --debug --no-bundle` (`./x screenshots` does both).
set -euo pipefail
cd "$(dirname "$0")/.."
QOSCOPE_SCREENSHOT_DIR="$PWD/docs/screenshots" scripts/e2e.sh
ls -l docs/screenshots/
