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
# A zone that is not UTC (unless the caller picks one), so that the E2E sees times on screen, in
# "Copy for ticket" and in exports in the display zone, labelled, with UTC in brackets.
export TZ="${TZ:-America/New_York}"
# Logs at debug level, so the secrets audit below also covers the most talkative logs.
export QOSCOPE_LOG=debug
export QOSCOPE_APP="$PWD/target/debug/qoscope"

# The app's data and settings in a throwaway home; a real, unlocked Secret Service (GNOME
# Keyring) for the Accounts screen; and QoScope's Zoom simulator for "Test connection".
scratch=$(mktemp -d)
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
# The Save dialog's answer for the E2E (see src-tauri/src/commands/export.rs): exports land here.
export QOSCOPE_E2E_SAVE_DIR="$scratch/exports"
mkdir -p "$QOSCOPE_E2E_SAVE_DIR"
echo -n "qoscope-e2e-keyring" | XDG_DATA_HOME="$scratch/keyring" gnome-keyring-daemon --unlock --components=secrets >/dev/null
cargo build -q -p qoscope-sim --bin qoscope-sim
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
# Test files given: only those; otherwise every file of tests/e2e (other arguments go to node).
targets=(tests/e2e/)
for arg in "$@"; do case "$arg" in *.mjs) targets=() ;; esac; done
node --test --test-concurrency=1 --test-reporter=spec "$@" "${targets[@]}" || rc=$?

# Hostile input: the app opened on a meeting whose every Zoom string is hostile (a new driver, so
# the app starts with QOSCOPE_OPEN_SNAPSHOT set).
if [ $# -eq 0 ]; then
  target/debug/qoscope-sim write-scenario hostile "$scratch/hostile.qoscope.json"
  kill "$driver" 2>/dev/null || true
  wait "$driver" 2>/dev/null || true
  QOSCOPE_OPEN_SNAPSHOT="$scratch/hostile.qoscope.json" \
    tauri-driver --port "$port" --native-port $(( port + 1000 )) >>target/tauri-driver.log 2>&1 &
  driver=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  QOSCOPE_OPEN_SNAPSHOT="$scratch/hostile.qoscope.json" \
    node --test --test-concurrency=1 --test-reporter=spec tests/e2e-hostile/ || rc=$?
fi

# Secrets audit: after the whole session (profiles saved to the keychain, fetches, debug logs),
# the client secret and the simulator's access tokens (`simtok-…`) must appear in no file the app
# wrote — settings, investigations, logs, the webview's storage, caches, and the exports saved
# by tests/e2e/exports.test.mjs. The keyring's own folder is left out: holding the secret is its
# job. (tests/cli_zoom.rs also audits every export format from a CLI session.)
audit_dirs=("$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$QOSCOPE_E2E_SAVE_DIR")
log_files=$(find "${audit_dirs[@]}" -name '*.log' | wc -l)
# Each secret in every form it travels in: literal, the Basic-auth header's base64 of
# "client:secret" (and of the secret alone), and URL encoding (percent-encoded '-', any case).
basic=$(printf '%s' 'sim-client:sim-client-secret' | base64 -w0)
secret_b64=$(printf '%s' 'sim-client-secret' | base64 -w0)
hits=$(grep -rlai -e 'sim-client-secret' -e 'simtok-' -e "$basic" -e "${secret_b64%%=*}" \
  -e 'sim%2dclient%2dsecret' -e 'simtok%2d' "${audit_dirs[@]}" 2>/dev/null || true)
if [ -n "$hits" ]; then
  echo "not ok - secrets audit: a secret or access token was written to: $hits" >&2
  rc=1
elif [ "$log_files" -eq 0 ]; then
  echo "not ok - secrets audit: the app wrote no log file to audit" >&2
  rc=1
else
  echo "ok - secrets audit: no secret or access token in $(find "${audit_dirs[@]}" -type f | wc -l) files ($log_files log files)"
fi
exit "$rc"
