// Webview benchmark: how fast the overview (table + heatmap) and a participant's detail render
// for a large meeting, measured inside the real webview (window.__qoscopePerf, filled by the UI
// after the first paint). Run by scripts/bench-webview.sh, which opens the meeting through
// QOSCOPE_OPEN_SNAPSHOT. Prints one JSON line per measurement and a summary.
import assert from 'node:assert/strict';
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
      const before = (await perf(browser)).detailMs;
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
      await waitFor(browser, async () => {
        const now = (await perf(browser)).detailMs;
        return now !== undefined && now !== before;
      }, 'a participant detail');
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
  detail: stats(detail),
  detailRender: stats(detailRender),
  emptyFrame: stats(frame),
};
console.log(JSON.stringify({ summary }));
