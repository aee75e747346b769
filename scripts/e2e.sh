#!/usr/bin/env bash
# Drives the built app (target/debug/qoscope, built by `npx tauri build --debug --no-bundle`)
# through tauri-driver + WebKitWebDriver inside a virtual X server and a private D-Bus session.
# Usage: scripts/e2e.sh [node --test args...]   (env QOSCOPE_SCREENSHOT_DIR=dir saves screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/debug/qoscope ] || { echo "target/debug/qoscope is missing: build it with 'npx tauri build --debug --no-bundle'" >&2; exit 1; }
command -v tauri-driver >/dev/null || { echo "tauri-driver is missing: run ./x setup" >&2; exit 1; }

if [ -z "${QOSCOPE_IN_E2E_SESSION:-}" ]; then
  export QOSCOPE_IN_E2E_SESSION=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@"
fi

export NO_AT_BRIDGE=1 LANG=C.UTF-8 LC_ALL=C.UTF-8
export QOSCOPE_APP="$PWD/target/debug/qoscope"

# The app's data and settings in a throwaway home; a real, unlocked Secret Service (GNOME
# Keyring) for the Accounts screen; and QoScope's Zoom simulator for "Test connection".
scratch=$(mktemp -d)
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
echo -n "qoscope-e2e-keyring" | XDG_DATA_HOME="$scratch/keyring" gnome-keyring-daemon --unlock --components=secrets >/dev/null
[ -x target/debug/qoscope-sim ] || cargo build -q -p qoscope-sim --bin qoscope-sim
sim_port=$(( 18000 + RANDOM % 1000 ))
target/debug/qoscope-sim serve --port "$sim_port" >"$scratch/sim.log" 2>&1 &
sim=$!
export QOSCOPE_API_BASE="http://127.0.0.1:$sim_port/v2" QOSCOPE_OAUTH_TOKEN_URL="http://127.0.0.1:$sim_port/oauth/token"
port=$(( 4444 + RANDOM % 1000 ))
export QOSCOPE_WEBDRIVER_PORT=$port
# A random port for WebKitWebDriver too: its default (4445) is shared with any other E2E run on
# the machine, whose session would then answer "Maximum number of active sessions".
tauri-driver --port "$port" --native-port $(( port + 1000 )) >target/tauri-driver.log 2>&1 &
driver=$!
cleanup() {
  kill "$driver" "$sim" 2>/dev/null || true
  wait "$driver" "$sim" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
rc=0
node --test --test-concurrency=1 --test-reporter=spec "$@" tests/e2e/ || rc=$?
exit "$rc"
