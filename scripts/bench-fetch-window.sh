#!/usr/bin/env bash
# Fetch benchmark in the real window (see tests/bench/fetch-window.bench.mjs): from clicking Fetch
# in the Find screen to the first painted partial results, and to the opened investigation, for a
# 300-person meeting served by the simulator at 250 ms per request + 0.5 ms/KiB, 40 req/s (the
# cost model of `cargo bench -p qoscope-zoom --bench fetch`), with the app's default settings.
# Measures the release build (target/release/qoscope, `./x deb`); QOSCOPE_APP overrides it.
# Reuses scripts/with-keyring.sh (private D-Bus + unlocked GNOME Keyring for the account profile,
# which the benchmark adds in the Accounts screen as a user would). Writes its section of docs/benchmarks.md and the
# README's quote (scripts/bench-quotes.mjs). QOSCOPE_BENCH_NO_WRITE=1 prints only;
# QOSCOPE_BENCH_RUNS=N sets the number of fresh app sessions (5); QOSCOPE_SCREENSHOT_DIR=dir saves
# the window with the first partial results (first run; then write nothing: QOSCOPE_BENCH_NO_WRITE).
set -euo pipefail
cd "$(dirname "$0")/.."
app="${QOSCOPE_APP:-target/release/qoscope}"
[ -x "$app" ] || { echo "$app is missing: build it with ./x deb (or set QOSCOPE_APP=target/debug/qoscope)" >&2; exit 1; }
command -v tauri-driver >/dev/null || { echo "tauri-driver is missing: run ./x setup" >&2; exit 1; }

if [ -z "${QOSCOPE_IN_BENCH_SESSION:-}" ]; then
  export QOSCOPE_IN_BENCH_SESSION=1
  exec xvfb-run -a -s "-screen 0 1920x1080x24" scripts/with-keyring.sh "$0" "$@"
fi

. scripts/bench-window-session.sh

[ -x target/debug/qoscope-sim ] || cargo build -q -p qoscope-sim --bin qoscope-sim
sim_port=$(( 18000 + RANDOM % 1000 ))
target/debug/qoscope-sim serve --scenario large:300 --port "$sim_port" \
  --cost-ms 250 --cost-per-kib-ms 0.5 --qps 40 >"$scratch/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q '^meeting ' "$scratch/sim.log" && break; sleep 0.1; done
export QOSCOPE_BENCH_MEETING=$(sed -n 's/^meeting \([0-9]*\) .*/\1/p' "$scratch/sim.log" | head -1)
[ -n "$QOSCOPE_BENCH_MEETING" ] || { cat "$scratch/sim.log" >&2; exit 1; }
export QOSCOPE_API_BASE="http://127.0.0.1:$sim_port/v2" QOSCOPE_OAUTH_TOKEN_URL="http://127.0.0.1:$sim_port/oauth/token"

port=$(( 4444 + RANDOM % 1000 ))
export QOSCOPE_WEBDRIVER_PORT=$port
# Its own WebKitWebDriver port too (the default is shared with any other window test running).
tauri-driver --port "$port" --native-port $(( port + 1000 )) >"$scratch/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
node tests/bench/fetch-window.bench.mjs
