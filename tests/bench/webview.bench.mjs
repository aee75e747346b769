// Webview benchmark: how fast the overview (table + heatmap) and a participant's detail render
// for a large meeting, measured inside the real webview (window.__qoscopePerf, filled by the UI
// after the first paint). Run by scripts/bench-webview.sh, which opens the meeting through
// QOSCOPE_OPEN_SNAPSHOT. Prints one JSON line per measurement and a summary, and writes its
// section of docs/benchmarks.md (one per build: debug or release), with the README's quotes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import { remote } from 'webdriverio';

const app = process.env.QOSCOPE_APP;
const port = Number(process.env.QOSCOPE_WEBDRIVER_PORT || 4444);
const runs = Number(process.env.QOSCOPE_BENCH_RUNS || 3);
const detailsPerRun = Number(process.env.QOSCOPE_BENCH_DETAILS || 5);
assert.ok(app, 'QOSCOPE_APP is not set: run through scripts/bench-webview.sh');

const perf = (browser) => browser.execute(() => window.__qoscopePerf ?? {});

async function waitFor(browser, check, what) {
  await browser.waitUntil(check, { timeout: 120000, interval: 50, timeoutMsg: `timed out waiting for ${what}` });
}

const overview = [];
const overviewAfterData = [];
const overviewRender = [];
const findingsPainted = [];
const detail = [];
const detailRender = [];
const frame = [];
let shape = null;

for (let run = 0; run < runs; run++) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: { 'tauri:options': { application: app }, 'wdio:enforceWebDriverClassic': true },
  });
  try {
    await waitFor(browser, async () => (await perf(browser)).overviewMs !== undefined, 'the overview');
    const p = await perf(browser);
    shape = { joins: p.joins, minutes: p.minutes };
    overview.push(p.overviewMs);
    overviewAfterData.push(p.overviewAfterDataMs);
    overviewRender.push(p.overviewRenderMs);
    // The findings panel paints after the Overview (a frame or more later).
    await waitFor(browser, async () => (await perf(browser)).findingsMs !== undefined, 'the findings panel');
    findingsPainted.push((await perf(browser)).findingsMs);
    console.log(
      JSON.stringify({
        run,
        overviewMs: p.overviewMs,
        overviewAfterDataMs: p.overviewAfterDataMs,
        overviewRenderMs: p.overviewRenderMs,
        ...shape,
      }),
    );
    // Baseline: one empty frame (requestAnimationFrame + a task), the floor of every timing here.
    for (let k = 0; k < 5; k++) {
      frame.push(
        await browser.executeAsync((done) => {
          const t0 = performance.now();
          requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
        }),
      );
    }
    const count = await browser.$('[data-testid="table-count"]').getProperty('textContent');
    assert.match(count, /^3\d\d joins$/, `the table lists ${count}`);
    for (let i = 0; i < detailsPerRun; i++) {
      // Forget the last timing: the next one may be the same number of milliseconds.
      await browser.execute(() => {
        if (window.__qoscopePerf) delete window.__qoscopePerf.detailMs;
      });
      // Spread over the table: different people, different amounts of data.
      const index = 10 + i * 53;
      // The table is virtual: scroll the row into the DOM, then click it.
      await browser.execute((index) => {
        document.querySelector('[data-testid="table-row"]').closest('.scroll').scrollTop = index * 30;
      }, index);
      const row = browser.$(`[data-testid="table-row"][data-index="${index}"]`);
      await row.waitForExist({ timeout: 10000 });
      await browser.execute((index) => {
        document.querySelector(`[data-testid="table-row"][data-index="${index}"]`).click();
      }, index);
      await waitFor(browser, async () => (await perf(browser)).detailMs !== undefined, 'a participant detail');
      const d = await perf(browser);
      detail.push(d.detailMs);
      detailRender.push(d.detailRenderMs);
      console.log(JSON.stringify({ run, participant: i, detailMs: d.detailMs, detailRenderMs: d.detailRenderMs }));
      await browser.$('[data-testid="tab-overview"]').click();
    }
  } finally {
    await browser.deleteSession();
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const summary = {
  shape,
  overview: stats(overview),
  overviewAfterData: stats(overviewAfterData),
  overviewRender: stats(overviewRender),
  findings: stats(findingsPainted),
  detail: stats(detail),
  detailRender: stats(detailRender),
  emptyFrame: stats(frame),
};
console.log(JSON.stringify({ summary }));

// --- docs/benchmarks.md --------------------------------------------------------------------------
const release = /\/release\//.test(app);
const build = release ? 'release' : 'debug';
const heading = `## Webview: opening a 300-person meeting, ${build} build (\`${
  release ? 'QOSCOPE_APP=target/release/qoscope ' : ''
}scripts/bench-webview.sh\`)`;
const ms = (x) => `${Math.round(x).toLocaleString('en-US').replace(/,/g, ' ')} ms`;
const row = (label, st, goal = '—') => `| ${label} | ${st.n} | ${ms(st.min)} | ${ms(st.median)} | ${ms(st.max)} | ${goal} |`;
const met = (ok) => (ok ? 'met' : '**not met**');
const snapshotMb = (Number(process.env.QOSCOPE_BENCH_SNAPSHOT_BYTES || 0) / 1e6).toFixed(1);
const section = [
  heading,
  '',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${build} build, ${cpus().length} CPU(s), load average ` +
    `${loadavg()[0].toFixed(1)} at the end. The real window (WebKitGTK under Xvfb at 1920×1080, driven by tauri-driver) opens a ` +
    `${shape?.joins ?? '?'}-join, ${shape?.minutes ?? '?'}-minute meeting (\`qoscope-sim serve --scenario large:300\`, fetched once ` +
    `with \`qoscope fetch\` into a ${snapshotMb} MB snapshot, opened through \`QOSCOPE_OPEN_SNAPSHOT\`). ${runs} fresh app sessions; ` +
    `in each, ${detailsPerRun} participants opened from the table. The UI writes its timings to \`window.__qoscopePerf\` after the ` +
    'first paint (`requestAnimationFrame` + a task). **open** is what the user waits for: from asking for the meeting to the ' +
    'painted table and heatmap, reading and analysing the snapshot included (the findings panel beside them paints a frame or more later: its own row); **detail** from clicking a participant to their ' +
    'painted charts. The *render* rows are the rendering part only; the empty frame is the floor of every number on this ' +
    'machine at that moment (the baseline of this run).',
  '',
  '| timing | n | best | median | worst | goal |',
  '|---|---:|---:|---:|---:|---|',
  row('**open** (read + analyse the snapshot, IPC, render)', summary.overview, release ? `< 400 ms: ${met(summary.overview.median < 400)}` : '—'),
  row('overview after data (grades IPC + render)', summary.overviewAfterData),
  row('overview render (table + heatmap)', summary.overviewRender),
  row('findings panel painted (after the overview)', summary.findings),
  row('**detail** (IPC + render)', summary.detail),
  row('detail render', summary.detailRender),
  row('empty frame', summary.emptyFrame),
  '',
  `Quoted in the README: <!-- quote:webview-${build} -->opening a saved 300-person meeting to the painted overview takes ` +
    `${ms(summary.overview.median)}${release ? ` (goal < 400 ms: ${met(summary.overview.median < 400)})` : ''} and a participant's charts ${ms(summary.detail.median)} (medians, ${build} build)<!-- /quote -->.`,
  '',
].join('\n');
if (!process.env.QOSCOPE_BENCH_NO_WRITE) {
  execFileSync('node', ['scripts/replace-benchmark-section.mjs', heading], { input: section, stdio: ['pipe', 'inherit', 'inherit'] });
  execFileSync('node', ['scripts/bench-quotes.mjs'], { stdio: 'inherit' });
  console.log(`wrote "${heading}" in docs/benchmarks.md`);
}
