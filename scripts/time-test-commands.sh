#!/usr/bin/env bash
# Times the test command cold and warm and writes the "Build and test commands" section of
# docs/benchmarks.md (and the README's quote of it):
#   cold = `.ci/run` (which is `./x test`) in a fresh clone: no target/, no node_modules/ — this is
#          also the clean-clone CI run;
#   warm = `.ci/run` again in that clone with nothing changed.
# Debian packages and tauri-driver are whatever the machine has (they stay once `./x setup` ran).
# Usage: scripts/time-test-commands.sh [CLONE_DIR]
#   CLONE_DIR defaults to ci-clone beside this repository, so that the `shared/` folder the
#   project expects beside it is found. It must not exist yet. Exits non-zero if a run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
clone=${1:-$(dirname "$repo")/ci-clone}
if [ -e "$clone" ]; then
  echo "$clone exists: remove it or give another path" >&2
  exit 2
fi
git clone -q "$repo" "$clone" || exit 2
commit=$(git -C "$clone" rev-parse --short HEAD)

# timed LABEL: runs .ci/run in the clone; sets SECS, RC, LOG.
timed() {
  LOG="$clone.$1.log"
  local start=$SECONDS
  (cd "$clone" && .ci/run) >"$LOG" 2>&1
  RC=$?
  SECS=$((SECONDS - start))
  echo "$1: $(closing "$LOG") in $(duration $SECS) (log: $LOG)"
}
duration() { printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); }
# The run's closing line ("N passed, N failed") and its checks line, without colours.
closing() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1; }
checks() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | grep -E '^checks: ' | tail -1 | sed 's/^checks: //'; }
# The cold run's step lines ("check  clippy  ok  184s"), as "clippy 184 s".
steps() {
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | sed -nE 's/^(check|tests)  (.{24}) (ok|FAILED|SKIPPED) .* ([0-9]+)s$/\2|\3|\4/p' |
    while IFS='|' read -r name status secs; do
      name=$(echo "$name" | sed 's/ *$//')
      [ "$status" = ok ] && echo "$name $secs s" || echo "$name $secs s ($status)"
    done | paste -sd ';' | sed 's/;/; /g'
}

timed cold
cold_secs=$SECS cold_rc=$RC cold_log=$LOG
timed warm
warm_secs=$SECS warm_rc=$RC warm_log=$LOG

goal_met="met"
[ "$cold_secs" -lt 1800 ] || goal_met="**not met**"
heading='## Build and test commands (`scripts/time-test-commands.sh`)'
{
  echo "$heading"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) CPU(s), commit \`$commit\`. Cold = \`.ci/run\` (which runs \`./x test\`) in a"
  echo "fresh clone with no \`target/\` and no \`node_modules/\` (Debian packages and \`tauri-driver\` already installed, as they"
  echo "stay on a machine once \`./x setup\` ran); warm = the same command again in that clone, nothing changed."
  echo
  echo "| command | cold | warm | closing line (cold) | checks (cold) |"
  echo "|---|---:|---:|---|---|"
  echo "| \`.ci/run\` / \`./x test\` | $(duration "$cold_secs") | $(duration "$warm_secs") | $(closing "$cold_log") | $(checks "$cold_log") |"
  echo
  echo "Steps of the cold run: $(steps "$cold_log")."
  echo
  echo "Goal (issue #19): cold under 30 minutes on this 2-core machine: $goal_met. Quoted in the README:"
  echo "<!-- quote:test-times -->\`./x test\` takes $(duration "$cold_secs") cold and $(duration "$warm_secs") warm on a 2-core machine<!-- /quote -->."
} >"$clone.section.md"
node scripts/replace-benchmark-section.mjs "$heading" <"$clone.section.md" && node scripts/bench-quotes.mjs
echo "wrote \"$heading\" in docs/benchmarks.md"
[ "$cold_rc" -eq 0 ] && [ "$warm_rc" -eq 0 ]
