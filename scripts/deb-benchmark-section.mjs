// Prints the "## Release package (.deb)" section of docs/benchmarks.md from the measurements
// scripts/deb-check.sh passes in the environment (SUMMARY is the benchmark's summary JSON line).
const env = process.env;
const { summary } = JSON.parse(env.SUMMARY);
const mb = (bytes) => bytes / 1e6;
const fixed = (x, digits = 1) => x.toFixed(digits);
const verdict = (met) => (met ? 'met' : '**NOT met**');

const debBytes = Number(env.DEB_BYTES);
const installedBytes = Number(env.INSTALLED_KIB) * 1024;
const binaryBytes = Number(env.BINARY_BYTES);
const goalDeb = Number(env.GOAL_DEB_MB);
const goalPaint = Number(env.GOAL_FIRST_PAINT_MS);
const goalAboveOneWord = Number(env.GOAL_ABOVE_ONE_WORD_MB);
const idleMB = (mib) => (mib * 1048576) / 1e6;
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');

const row = (r, shows) => {
  const parts = Object.fromEntries(r.processes.map((p) => [p.exe, fixed(idleMB(p.pssKiB / 1024))]));
  return (
    `| ${r.run + 1} | ${shows} | ${r.timeOriginAfterStartMs} ms | ${r.firstPaintMs} ms | ${r.overviewSeenMs} ms | ` +
    `${fixed(idleMB(r.idlePssMiB))} MB | ${fixed(idleMB(r.idleAnonMiB))} MB | ${parts.qoscope ?? '?'} / ${parts.WebKitWebProcess ?? '?'} / ` +
    `${parts.WebKitNetworkProcess ?? '?'} MB |`
  );
};
// In the order they ran (interleaved: each variant first every other run).
const rows = [...summary.results, ...summary.oneWordResults]
  .sort((a, b) => a.order - b.order)
  .map((r) => row(r, r.oneWord ? 'one word' : 'QoScope'));

const firstPaint = summary.firstPaintMs;
const idle = idleMB(summary.idlePssMiB);
const oneWord = idleMB(summary.oneWordPssMiB);
const aboveOneWord = idle - oneWord;
const aboveMet = aboveOneWord <= goalAboveOneWord;
const floor = summary.floorPssMiB == null ? null : idleMB(summary.floorPssMiB);
const floorRows =
  floor == null
    ? ''
    : `| for scale: an empty WebKitGTK window with the same WebKit settings (\`tests/bench/webkit-floor.c\`), median of ${summary.floorResults.length} | ${fixed(floor)} MB | | |
| QoScope above that empty window | ${fixed(idle - floor)} MB | | |
`;
const settings = Object.entries(summary.webkitEnv ?? {})
  .map(([name, value]) => `\`${name}=${value}\``)
  .join(', ');
console.log(`## Release package (.deb)

\`./x deb\` then \`./x deb-check\` (scripts/deb-check.sh, tests/bench/deb-startup.bench.mjs). Run ${when} UTC on
${env.CPUS} CPU(s), load average ${env.LOAD} when it ended (a shared machine: other builds and
tests may have run meanwhile), WebKitGTK ${env.WEBKIT}, Xvfb 1280×800. MB = 10⁶ bytes.

| measure | result | goal | |
|---|---:|---:|---|
| \`${env.DEB_NAME}\` | ${fixed(mb(debBytes), 2)} MB (${debBytes} bytes) | < ${goalDeb} MB | ${verdict(mb(debBytes) < goalDeb)} |
| installed size (dpkg \`Installed-Size\`) | ${fixed(mb(installedBytes), 1)} MB | | |
| of which \`/usr/bin/qoscope\` | ${fixed(mb(binaryBytes), 1)} MB | | |
| cold start to first contentful paint, median of ${summary.runs} | ${firstPaint} ms | < ${goalPaint} ms | ${verdict(firstPaint < goalPaint)} |
| idle memory 10 s after the overview, PSS of qoscope + WebKit processes, median of ${summary.results.length} | ${fixed(idle)} MB | | |
| of which anonymous memory (heaps, not libraries), median | ${fixed(idleMB(summary.idleAnonMiB))} MB | | |
| the same binary with its UI replaced by one word (\`QOSCOPE_BENCH_ONE_WORD=1\`), idle 10 s after its page loaded, median of ${summary.oneWordResults.length} (interleaved with the runs above) | ${fixed(oneWord)} MB | | |
| of which anonymous memory, median | ${fixed(idleMB(summary.oneWordAnonMiB))} MB | | |
| **QoScope above its one-word self** (what the UI costs at idle) | ${fixed(aboveOneWord)} MB | ≤ ${goalAboveOneWord} MB | ${verdict(aboveMet)} |
${floorRows}
Quoted in the README: <!-- quote:deb -->.deb ${fixed(mb(debBytes), 1)} MB (goal < ${goalDeb} MB: ${verdict(mb(debBytes) < goalDeb)}), cold start to first paint ${firstPaint} ms (median; goal < ${goalPaint} ms: ${verdict(firstPaint < goalPaint)}), idle memory ${fixed(idle)} MB against ${fixed(oneWord)} MB for the same app showing one word measured alongside: ${fixed(aboveOneWord)} MB above it (goal ≤ ${goalAboveOneWord} MB: ${verdict(aboveMet)})${floor == null ? '' : `; an empty WebKitGTK window takes ${fixed(floor)} MB`}<!-- /quote -->.

Package: \`Depends: ${env.DEPENDS}\`; installs with \`apt install ./${env.DEB_NAME}\`, then
\`/usr/bin/qoscope --version\`, \`qoscope demo\` and \`qoscope summary\` were run from the installed package.
WebKit settings the app ran with (read from its page process's environment; QoScope sets them unless they were set already): ${settings || 'none'}.

Each run (a new process through tauri-driver, fresh empty profile; QoScope on the built-in demo
meeting, and the same binary showing one word, in the order they ran):

| run | window shows | page's timeOrigin after process start | first contentful paint | overview (or the one-word page) seen, polled | idle PSS total | of which anonymous | qoscope / WebKitWebProcess / WebKitNetworkProcess |
|---:|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

How it is measured: process start is field 22 of \`/proc/<pid>/stat\` (ticks since boot), put on the
wall clock with \`Date.now() − /proc/uptime\` (10 ms resolution; \`/proc/stat\`'s \`btime\` is whole
seconds); first paint is the page's \`performance.timeOrigin\` + its \`first-contentful-paint\` entry,
read through WebDriver. "Cold" means a new process with an empty profile; the OS file cache is warm
(the binary and WebKit were just installed or run), and WebDriver automation is on. Memory is PSS
from \`/proc/<pid>/smaps_rollup\`, summed over the qoscope process and all processes under it, so
shared libraries count once, split among the processes that map them. "Anonymous" is the part
that is not file-backed (heaps: the JavaScript heap, WebKit's caches, layers and backing stores,
Rust's heap); the rest is mapped code and data of the binary and the libraries (WebKit, GTK…).`);
