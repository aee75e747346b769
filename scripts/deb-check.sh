#!/usr/bin/env bash
# Checks and measures the release package built by `./x deb` (run as `./x deb-check`):
# 1. the .deb's metadata and files (name, version, Depends, desktop entry, icons, /usr/bin/qoscope);
# 2. installs it on this machine with apt-get, then runs the installed CLI (--version, demo, summary);
# 3. under Xvfb and a private D-Bus session, opens the installed app 5 times through tauri-driver:
#    cold start to first contentful paint, and idle memory (PSS) 10 s after the overview painted
#    (tests/bench/deb-startup.bench.mjs), interleaved with 5 runs of the same binary showing one
#    word instead of its UI (QOSCOPE_BENCH_ONE_WORD=1), the baseline of the idle-memory goal (at
#    most GOAL_ABOVE_ONE_WORD_MB above it); then, for scale, an empty WebKitGTK window
#    (tests/bench/webkit-floor.c, built here with cc) with the WebKit settings the app gave itself;
# 4. writes the "## Release package (.deb)" section of docs/benchmarks.md.
# Needs root or sudo (apt-get install) and tauri-driver (`./x setup`).
set -euo pipefail
cd "$(dirname "$0")/.."

SECTION='## Release package (.deb)'
GOAL_DEB_MB=15
GOAL_FIRST_PAINT_MS=1500
GOAL_ABOVE_ONE_WORD_MB=15
APP=/usr/bin/qoscope

fail() { echo "deb-check: $*" >&2; exit 1; }
note() { printf '\033[1m[deb-check]\033[0m %s\n' "$*" >&2; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- phase 2: measurements, inside xvfb-run + dbus-run-session (re-executed below) -------------
if [ "${1:-}" = --measure ]; then
  export NO_AT_BRIDGE=1 LANG=C.UTF-8 LC_ALL=C.UTF-8
  scratch=$(mktemp -d)
  # A fresh, empty profile: the app opens on its built-in demo meeting as on first launch.
  export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
  port=$(( 5444 + RANDOM % 1000 ))
  tauri-driver --port "$port" --native-port $(( port + 1000 )) >"$scratch/tauri-driver.log" 2>&1 &
  driver=$!
  trap 'kill "$driver" 2>/dev/null || true; wait "$driver" 2>/dev/null || true; rm -rf "$scratch"' EXIT
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  QOSCOPE_APP="$APP" QOSCOPE_WEBDRIVER_PORT=$port QOSCOPE_TAURI_DRIVER_PID=$driver QOSCOPE_WEBKIT_FLOOR="${3:-}" \
    node tests/bench/deb-startup.bench.mjs >"$2"
  exit 0
fi

# --- phase 1: the package ------------------------------------------------------------------------
command -v tauri-driver >/dev/null || fail "tauri-driver is missing: run ./x setup"
bundle_dir="${CARGO_TARGET_DIR:-target}/release/bundle/deb"
deb=$(ls -t "$bundle_dir"/qoscope_*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || fail "no package in $bundle_dir: build it with ./x deb"
deb=$(realpath "$deb")
note "checking $deb"

field() { dpkg-deb -f "$deb" "$1"; }
version=$(node -p 'require("./tauri.conf.json").version')
[ "$(field Package)" = qoscope ] || fail "package name is '$(field Package)', expected qoscope"
[ "$(field Version)" = "$version" ] || fail "package version is '$(field Version)', tauri.conf.json says $version"
depends=$(field Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libdbus-1-3; do
  grep -q "\b$dep\b" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
contents=$(dpkg-deb -c "$deb" | awk '{sub(/^\.\//, "", $6); print $6}')
for path in usr/bin/qoscope usr/share/applications/qoscope.desktop; do
  grep -qxF "$path" <<<"$contents" || fail "the package lacks $path"
done
for size in 32x32 64x64 128x128 256x256 512x512; do
  grep -qxF "usr/share/icons/hicolor/$size/apps/qoscope.png" <<<"$contents" || fail "the package lacks the $size icon"
done
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - usr/share/applications/qoscope.desktop)
for line in 'Name=QoScope' 'Exec=qoscope' 'Icon=qoscope' 'Type=Application' 'Categories=Utility;'; do
  grep -qxF "$line" <<<"$desktop" || fail "the desktop entry lacks '$line':"$'\n'"$desktop"
done
note "package: qoscope $version, Depends: $depends"

note "installing with apt-get"
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb" >/dev/null
[ "$(command -v qoscope)" = "$APP" ] || note "note: 'qoscope' on PATH is $(command -v qoscope), checking $APP"
reported=$("$APP" --version)
grep -qF "$version" <<<"$reported" || fail "$APP --version says '$reported', expected $version"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$APP" demo --out "$work/demo.json" >/dev/null
"$APP" summary "$work/demo.json" >"$work/summary.txt" || fail "$APP summary failed on the demo snapshot"
[ -s "$work/summary.txt" ] || fail "$APP summary printed nothing"
note "installed: $reported; summary of the demo snapshot: $(wc -l <"$work/summary.txt") lines"

deb_bytes=$(stat -c %s "$deb")
installed_kib=$(dpkg-query -W -f='${Installed-Size}' qoscope)
binary_bytes=$(stat -c %s "$APP")

note "building the empty WebKitGTK window measured for scale (tests/bench/webkit-floor.c)"
# shellcheck disable=SC2046 # pkg-config prints several flags
cc -O2 -o "$work/webkit-floor" tests/bench/webkit-floor.c $(pkg-config --cflags --libs webkit2gtk-4.1) \
  || fail "could not build tests/bench/webkit-floor.c (needs build-essential and libwebkit2gtk-4.1-dev: ./x setup)"

note "measuring cold start and idle memory under Xvfb (5 runs of the app and 5 of its one-word self, 3 of the empty window, about 3 minutes)"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" --measure "$work/bench.jsonl" "$work/webkit-floor" 2>"$work/session.log" \
  || { cat "$work/session.log" >&2; fail "the measurement failed"; }
cat "$work/bench.jsonl" >&2
summary=$(grep '^{"summary"' "$work/bench.jsonl") || fail "the benchmark printed no summary"

# --- the section in docs/benchmarks.md ---------------------------------------------------------
SUMMARY="$summary" DEB_BYTES=$deb_bytes INSTALLED_KIB=$installed_kib BINARY_BYTES=$binary_bytes \
  DEB_NAME=$(basename "$deb") DEPENDS="$depends" GOAL_DEB_MB=$GOAL_DEB_MB GOAL_FIRST_PAINT_MS=$GOAL_FIRST_PAINT_MS \
  GOAL_ABOVE_ONE_WORD_MB=$GOAL_ABOVE_ONE_WORD_MB CPUS=$(nproc) LOAD="$(cut -d' ' -f1-3 /proc/loadavg)" \
  WEBKIT="$(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0)" \
  node scripts/deb-benchmark-section.mjs >"$work/section.md"
node scripts/replace-benchmark-section.mjs "$SECTION" <"$work/section.md"
cat "$work/section.md"
note "wrote '$SECTION' in docs/benchmarks.md"
