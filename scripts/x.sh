#!/usr/bin/env bash
# The implementation behind ./x (see ./x for the commands).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# One compiled app for tests, E2E, screenshots and `./x run`: the debug build with the UI
# embedded (Tauri's custom-protocol feature), so cargo reuses the same artifacts for all.
APP_FEATURES=(--features qoscope/custom-protocol)
APP_BINARY=target/debug/qoscope

build_app() {
  npx tauri build --debug --no-bundle
}

cmd_setup() {
  setup_all
  install_tauri_driver
}

cmd_run() {
  setup_all
  build_app || exit 1
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    log "no display found: starting QoScope under a virtual X server (xvfb-run); use a desktop session to see the window"
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$APP_BINARY"
  fi
  exec "$APP_BINARY"
}

# The release package: an optimised build (profile.release) bundled as a .deb by Tauri. Slow
# (several minutes), so not part of `./x test`; `./x deb-check` installs and measures it.
cmd_deb() {
  setup_all
  npx tauri build --bundles deb || exit 1
  local deb
  deb=$(ls -t "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/qoscope_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { log "tauri build finished but wrote no .deb"; exit 1; }
  printf '%s  %s bytes (%s MB)\n' "$deb" "$(stat -c %s "$deb")" \
    "$(awk -v b="$(stat -c %s "$deb")" 'BEGIN { printf "%.2f", b / 1e6 }')"
}

cmd_gen_types() {
  QOSCOPE_UPDATE_BINDINGS=1 cargo test -q -p qoscope-api bindings
}

# --- the test command ------------------------------------------------------------------------
#
# Two kinds of step. A *test* step runs a test runner, and its tests are counted: the closing
# line `N passed, N failed` counts tests only. A *check* step (build, rustfmt, clippy, type-check,
# binding drift, the Tauri-free core) is listed as passed or failed, once, and never counted as a
# test. Every step runs even when an earlier one failed, and cargo runs with --no-fail-fast, so a
# failure never hides the tests behind it.

TESTS_PASSED=0
TESTS_FAILED=0
CHECKS_PASSED=0
CHECKS_FAILED=0
STEP_LINES=()
LOG_DIR=target/test-logs

# Counts tests in a step's log: cargo's "test result:", vitest's "Tests  N passed", node --test's
# "# pass N" / "ℹ pass N". A runner that fails without reporting a failed test (build error,
# crash) counts as one failed test.
count_results() {
  local log=$1 rc=$2 passed=0 failed=0 found=0 p f
  # Runners colour their summaries; count on the plain text.
  local plain="$log.plain"
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" >"$plain"
  log=$plain
  while read -r p f; do
    passed=$((passed + p)); failed=$((failed + f)); found=1
  done < <(sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$log")
  if grep -qE '^\s*Tests\s+' "$log"; then
    p=$(sed -nE 's/^\s*Tests\s+.*[^0-9]([0-9]+) passed.*/\1/p' "$log" | tail -1)
    f=$(sed -nE 's/^\s*Tests\s+([0-9]+) failed.*/\1/p' "$log" | tail -1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); found=1
  fi
  if grep -qE '^(# |ℹ )pass [0-9]+' "$log"; then
    # node --test may run several times in one step (the E2E suites): add them up.
    p=$(sed -nE 's/^(# |ℹ )pass ([0-9]+)/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -nE 's/^(# |ℹ )fail ([0-9]+)/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); found=1
  fi
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # the runner failed without reporting a failed test (build error, crash, audit)
  fi
  echo "$passed $failed"
}

# run_logged NAME CMD...: runs CMD with its output shown and logged; sets LOG and RC.
run_logged() {
  local name=$1; shift
  LOG="$LOG_DIR/$(echo "$name" | tr ' /' '__').log"
  printf '\n\033[1m=== %s\033[0m\n' "$name"
  "$@" 2>&1 | tee "$LOG"
  RC=${PIPESTATUS[0]}
}

check() {
  local name=$1; shift
  local start=$SECONDS
  run_logged "$name" "$@"
  local status=ok
  if [ "$RC" -eq 0 ]; then CHECKS_PASSED=$((CHECKS_PASSED + 1)); else status=FAILED; CHECKS_FAILED=$((CHECKS_FAILED + 1)); fi
  STEP_LINES+=("$(printf 'check  %-24s %-7s %26s  %4ss' "$name" "$status" "" $((SECONDS - start)))")
}

tests() {
  local name=$1; shift
  local start=$SECONDS
  run_logged "$name" "$@"
  local passed failed
  read -r passed failed < <(count_results "$LOG" "$RC")
  TESTS_PASSED=$((TESTS_PASSED + passed)); TESTS_FAILED=$((TESTS_FAILED + failed))
  local status=ok; [ "$RC" -eq 0 ] || status=FAILED
  STEP_LINES+=("$(printf 'tests  %-24s %-7s %5s passed %4s failed  %4ss' "$name" "$status" "$passed" "$failed" $((SECONDS - start)))")
}

# The committed TypeScript bindings and palette CSS equal what the Rust types produce. Fails too
# when the filter matches no test (a renamed module must not turn the check into a no-op).
drift_check() {
  local out
  out=$(cargo test -q -p qoscope-api --lib bindings::tests:: 2>&1)
  local rc=$?
  echo "$out"
  [ "$rc" -eq 0 ] && echo "$out" | grep -qE 'test result: ok\. [1-9][0-9]* passed'
}

cmd_test() {
  local started=$SECONDS
  cmd_setup
  # setup.sh runs with errexit; a failing step must not end the run (every step runs).
  set +e
  mkdir -p "$LOG_DIR"
  # CI compares the committed bindings; only `./x gen-types` rewrites them.
  unset QOSCOPE_UPDATE_BINDINGS
  # The app crate embeds ui/dist (custom-protocol), so the UI is built before any cargo step.
  check "ui build" npm run --silent build
  check "rustfmt" cargo fmt --all --check
  # The README quotes measured numbers only as the benchmarks wrote them (docs/benchmarks.md).
  check "readme quotes" node scripts/bench-quotes.mjs --check
  check "tauri-free core" scripts/check-core-is-tauri-free.sh
  check "clippy" cargo clippy --workspace --all-targets "${APP_FEATURES[@]}" -- -D warnings
  # The binding drift test runs once, as the drift check below.
  tests "rust tests" scripts/with-keyring.sh cargo test --workspace --no-fail-fast "${APP_FEATURES[@]}" \
    -- --include-ignored --skip bindings::tests::
  check "ts-rs drift" drift_check
  check "ui type-check" npm run --silent check
  tests "ui unit tests" npm run --silent test:unit
  check "app build" build_app
  if [ "$RC" -eq 0 ]; then
    tests "e2e (webview)" scripts/e2e.sh
  else
    # Never run the E2E against an older binary left in target/.
    STEP_LINES+=("$(printf 'tests  %-24s %-7s %26s' "e2e (webview)" SKIPPED "(the app did not build)")")
    TESTS_FAILED=$((TESTS_FAILED + 1))
  fi
  printf '\n\033[1m=== Summary (%ss)\033[0m\n' $((SECONDS - started))
  printf '%s\n' "${STEP_LINES[@]}"
  echo "Logs: $LOG_DIR/"
  echo "checks: $CHECKS_PASSED passed, $CHECKS_FAILED failed (not counted as tests)"
  echo "$TESTS_PASSED passed, $TESTS_FAILED failed"
  [ "$TESTS_FAILED" -eq 0 ] && [ "$CHECKS_FAILED" -eq 0 ]
}

case "${1:-help}" in
  run) cmd_run ;;
  test) cmd_test ;;
  setup) cmd_setup ;;
  gen-types) cmd_gen_types ;;
  deb) cmd_deb ;;
  deb-check) cmd_setup && scripts/deb-check.sh ;;
  screenshots) cmd_setup && build_app && scripts/screenshots.sh ;;
  samples) cmd_setup && build_app && scripts/samples.sh ;;
  *)
    cat <<'USAGE'
Usage: ./x COMMAND
  run          install what is missing, build, and open QoScope on the demo meeting
  test         install what is missing and run the whole test suite (what CI runs)
  setup        only install prerequisites
  gen-types    regenerate ui/src/lib/bindings/ (ts-rs) and ui/src/palette.generated.css from Rust
  deb          build the release package (.deb, optimised build, a few minutes) and print its path
  deb-check    install the .deb built by 'deb' (apt-get), check it, measure start-up and memory
               and write the results to docs/benchmarks.md
  screenshots  regenerate the README screenshots under docs/ (real window under Xvfb)
  samples      regenerate the README's export samples under docs/samples/ (PDF page, PNG chart)
USAGE
    [ "${1:-help}" = help ] || exit 2 ;;
esac
