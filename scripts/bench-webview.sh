#!/usr/bin/env bash
# Webview rendering benchmark on a 300-person, 60-minute meeting (see tests/bench/webview.bench.mjs).
# Needs the app built with `npx tauri build --debug --no-bundle` (target/debug/qoscope) and
# tauri-driver; QOSCOPE_APP=target/release/qoscope measures the release build (`./x deb`) instead.
# Makes the meeting once with the simulator and `qoscope fetch`, then opens it in the real window
# through QOSCOPE_OPEN_SNAPSHOT. Writes its section of docs/benchmarks.md (one per build) and the
# README's quote of it (scripts/bench-quotes.mjs). QOSCOPE_BENCH_NO_WRITE=1 prints only.
set -euo pipefail
cd "$(dirname "$0")/.."
app="${QOSCOPE_APP:-target/debug/qoscope}"
[ -x "$app" ] || { echo "$app is missing: build it with 'npx tauri build --debug --no-bundle' (or ./x deb for target/release/qoscope)" >&2; exit 1; }

if [ -z "${QOSCOPE_IN_BENCH_SESSION:-}" ]; then
  export QOSCOPE_IN_BENCH_SESSION=1
  exec xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- "$0" "$@"
fi

. scripts/bench-window-session.sh
snapshot="${QOSCOPE_BENCH_SNAPSHOT:-target/bench/large300.qoscope.json}"

if [ ! -s "$snapshot" ]; then
  mkdir -p "$(dirname "$snapshot")"
  [ -x target/debug/qoscope-sim ] || cargo build -q -p qoscope-sim --bin qoscope-sim
  sim_port=$(( 18000 + RANDOM % 1000 ))
  target/debug/qoscope-sim serve --scenario large:300 --port "$sim_port" >"$scratch/sim.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do grep -q '^meeting ' "$scratch/sim.log" && break; sleep 0.1; done
  meeting=$(sed -n 's/^meeting \([0-9]*\) .*/\1/p' "$scratch/sim.log" | head -1)
  # The simulator's own test account (not a real secret).
  QOSCOPE_API_BASE="http://127.0.0.1:$sim_port/v2" QOSCOPE_OAUTH_TOKEN_URL="http://127.0.0.1:$sim_port/oauth/token" \
    ZOOM_ACCOUNT_ID=sim-account ZOOM_CLIENT_ID=sim-client ZOOM_CLIENT_SECRET=sim-client-secret \
    "$QOSCOPE_APP" fetch "$meeting" --rate 1000 --out "$snapshot"
fi
export QOSCOPE_OPEN_SNAPSHOT="$PWD/$snapshot" QOSCOPE_BENCH_SNAPSHOT_BYTES=$(stat -c %s "$snapshot")

port=$(( 4444 + RANDOM % 1000 ))
export QOSCOPE_WEBDRIVER_PORT=$port
tauri-driver --port "$port" >"$scratch/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
node tests/bench/webview.bench.mjs
