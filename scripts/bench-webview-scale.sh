#!/usr/bin/env bash
# The window at scale (tests/bench/webview-scale.bench.mjs): a 1,000-person × 120-minute meeting
# and a 3,000-attendee webinar opened in the real window, scrolled, and measured (open time,
# frame times, memory against the app idle on its demo meeting, in the same run).
# Needs the release app (`./x deb` builds target/release/qoscope; QOSCOPE_APP=… measures another
# build) and tauri-driver (`./x setup`). The snapshots are the ones the release benchmark
# `cargo bench -p qoscope-api --bench scale` fetched from the simulator with the default
# settings; it runs first when they are missing (and writes its own section).
# Writes its section of docs/benchmarks.md and the README quote; QOSCOPE_BENCH_NO_WRITE=1 prints only.
set -euo pipefail
cd "$(dirname "$0")/.."
app="${QOSCOPE_APP:-target/release/qoscope}"
[ -x "$app" ] || { echo "$app is missing: build it with ./x deb (or set QOSCOPE_APP)" >&2; exit 1; }
command -v tauri-driver >/dev/null || { echo "tauri-driver is missing: run ./x setup" >&2; exit 1; }

if [ -z "${QOSCOPE_IN_BENCH_SESSION:-}" ]; then
  bench_dir="${CARGO_TARGET_DIR:-target}/bench"
  if [ ! -s "$bench_dir/scale-meeting-1000.qoscope.json" ] || [ ! -s "$bench_dir/scale-webinar-3000.qoscope.json" ]; then
    echo "fetching the scale snapshots first: cargo bench -p qoscope-api --bench scale" >&2
    cargo bench -q -p qoscope-api --bench scale
  fi
  export QOSCOPE_IN_BENCH_SESSION=1 QOSCOPE_BENCH_DIR="$bench_dir"
  exec xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- "$0" "$@"
fi

. scripts/bench-window-session.sh
node tests/bench/webview-scale.bench.mjs
