#!/usr/bin/env bash
# Regenerates the README's export samples under docs/samples/ from the built-in demo meeting,
# through the real CLI: a PDF report (focused on Lena Fischer, redacted, times in UTC), its
# first page rendered with pdftoppm, and a "who caused it" PNG chart.
# Needs the qoscope binary (`./x samples` builds it) and poppler-utils (`./x setup`).
set -euo pipefail
cd "$(dirname "$0")/.."
QOSCOPE="${QOSCOPE_BIN:-${CARGO_TARGET_DIR:-target}/debug/qoscope}"
if [ ! -x "$QOSCOPE" ]; then
  echo "samples: $QOSCOPE is missing; run ./x samples (or build with cargo build)" >&2
  exit 1
fi
command -v pdftoppm >/dev/null || { echo "samples: pdftoppm is missing; run ./x setup (poppler-utils)" >&2; exit 1; }
OUT=docs/samples
mkdir -p "$OUT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$QOSCOPE" demo --out "$work/demo.qoscope.json"
"$QOSCOPE" export "$work/demo.qoscope.json" --format pdf --participant "Lena Fischer" --utc --out "$OUT/report.pdf"
"$QOSCOPE" export "$work/demo.qoscope.json" --format png --participant "Lena Fischer" \
  --stream video_output --metric max_loss --compare --utc --out "$OUT/chart-who-caused-it.png"
pdftoppm -r 80 -f 1 -l 2 -png "$OUT/report.pdf" "$work/page"
mv "$work/page-1.png" "$OUT/report-page-1.png"
mv "$work/page-2.png" "$OUT/report-page-2.png"
ls -l "$OUT"
