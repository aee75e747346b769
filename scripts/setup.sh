#!/usr/bin/env bash
# Installs everything QoScope needs on Debian 12 / Ubuntu 22.04+; idempotent and quick when
# nothing is missing. Sourced by scripts/x.sh (`./x setup`, `./x run`, `./x test`).
set -euo pipefail

APT_PACKAGES=(
  # build
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev
  # real-webview E2E and screenshots (xclip reads "Copy for ticket" back from the clipboard)
  webkit2gtk-driver xvfb xauth dbus dbus-x11 imagemagick xclip
  # real Secret Service for the keychain tests
  gnome-keyring
  # PDF checks and a font to embed
  poppler-utils fonts-dejavu-core
  # CJK glyphs so names like "Zoë 王" render in screenshots under Xvfb
  fonts-wqy-microhei
)
TAURI_DRIVER_VERSION=2.1.0

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  if ! command -v apt-get >/dev/null; then
    log "missing system packages (${missing[*]}) and no apt-get: install them with your package manager"
    exit 1
  fi
  log "installing system packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_toolchains() {
  command -v cargo >/dev/null || { log "Rust is missing: install it from https://rustup.rs, then rerun"; exit 1; }
  command -v node >/dev/null || { log "Node.js 20+ is missing: install it (e.g. apt-get install nodejs npm), then rerun"; exit 1; }
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || { log "Node.js $major is too old: QoScope needs Node 20 or newer"; exit 1; }
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt >/dev/null 2>&1 || true
}

install_npm_packages() {
  # npm ci only when package-lock.json changed since the last install.
  local stamp=node_modules/.qoscope-lock-stamp
  if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then return 0; fi
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
}

install_tauri_driver() {
  # tauri-driver has no --version; cargo's install list knows what is installed.
  if command -v tauri-driver >/dev/null && cargo install --list 2>/dev/null | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
    return 0
  fi
  log "installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --quiet
}

setup_all() {
  install_apt_packages
  check_toolchains
  install_npm_packages
}
