#!/usr/bin/env bash
# Regenerates the README screenshots from the real app window (under Xvfb, through WebDriver).
# Needs the app built with `npx tauri build --debug --no-bundle` (`./x screenshots` does both).
#
# WebKit's own renderer choice for this run (WEBKIT_DISABLE_DMABUF_RENDERER=0, see
# src-tauri/src/webview.rs): with the shared-memory renderer QoScope picks to save memory,
# WebKitWebDriver's "take screenshot" never answers on some screens (Accounts, Saved
# investigations: WebKitGTK 2.50 under Xvfb), while the window itself paints normally. The
# pictures differ only in the anti-aliasing of edges (compared pixel by pixel on the overview).
set -euo pipefail
cd "$(dirname "$0")/.."
# In UTC, so the pictures show the times the README's text quotes (the E2E's own runs use a
# non-UTC zone to check the time-zone rule).
TZ=UTC WEBKIT_DISABLE_DMABUF_RENDERER=0 QOSCOPE_SCREENSHOT_DIR="$PWD/docs/screenshots" scripts/e2e.sh
ls -l docs/screenshots/
