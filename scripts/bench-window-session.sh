# Sourced by the window benchmarks (bench-webview.sh, bench-fetch-window.sh,
# bench-webview-scale.sh) once they run under Xvfb: a clean locale, no accessibility bus, the app
# given by $app as an absolute path, and a fresh, empty profile in a scratch folder that goes
# away on exit with every process the script added to `pids`.
export NO_AT_BRIDGE=1 LANG=C.UTF-8 LC_ALL=C.UTF-8
export QOSCOPE_APP="$(realpath "$app")"
scratch=$(mktemp -d)
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
