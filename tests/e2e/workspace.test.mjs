// Real-webview test of the investigation workspace: the overview heatmap → a participant's
// small multiples → Compare, on the built-in demo meeting. Run by scripts/e2e.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from './support/session.mjs';

const screenshotDir = process.env.QOSCOPE_SCREENSHOT_DIR;
let browser;

before(async () => {
  browser = await openApp();
});

after(async () => {
  await browser?.deleteSession();
});

// textContent, not getText() (WebKitWebDriver drops text in ellipsis boxes).
const text = (selector) => browser.$(selector).getProperty('textContent');

async function screenshot(name) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await browser.pause(400);
  await browser.saveScreenshot(join(screenshotDir, name));
}

test('overview: the heatmap maps every join over every minute, worst first', async () => {
  await browser.$('[data-testid="tab-overview"]').waitForExist({ timeout: 20000 });
  await browser.$('[data-testid="tab-overview"]').click();
  const heatmap = browser.$('[data-testid="heatmap"]');
  await heatmap.waitForExist({ timeout: 20000 });
  assert.equal(await heatmap.getAttribute('data-rows'), '9');
  assert.equal(await heatmap.getAttribute('data-minutes'), '60');
  const canvas = heatmap.$('canvas');
  const size = await canvas.getSize();
  assert.ok(size.width > 500 && size.height > 150, `heatmap canvas is ${size.width}x${size.height}`);
  const label = await heatmap.getAttribute('aria-label');
  assert.match(label, /joins? of 9 had warning or poor minutes/);
  // The text alternative names the worst participants and when their trouble began.
  assert.match(label, /Worst: [^(]+ \(\d+ minutes? degraded, from \d\d:\d\d \S+\)/);
  // Who shared when (Zoom's sharing periods): marked on the time axis and said in words.
  assert.match(label, /Screen shared by Priya Raman \d\d:\d\d–\d\d:\d\d/);
  assert.ok(await browser.$('[data-testid="heatmap-shares"]').isExisting(), 'no "Screen shared" legend');
  // The table's first row (sorted worst first) has a degraded overall grade.
  const firstGrade = await browser.$('[data-testid="table-row"] [aria-label^="Overall"]').getAttribute('aria-label');
  assert.match(firstGrade, /worst (poor|warning)/);
  await screenshot('overview.png');
});

test('keyboard on the heatmap → that participant at that minute, charts drawn', async () => {
  await browser.execute(() => document.querySelector('[data-testid="heatmap"]').focus());
  for (let i = 0; i < 15; i++) await browser.keys('ArrowRight');
  const tip = browser.$('[data-testid="heatmap-tip"]');
  await tip.waitForExist({ timeout: 5000 });
  await browser.waitUntil(async () => /\+15 min/.test(await tip.getProperty('textContent')), {
    timeout: 5000,
    timeoutMsg: 'the arrow keys did not move the heatmap cell to minute 15',
  });
  // The worst row (the demo's weak Wi-Fi, 10:12–10:19) is degraded at minute 15: its tooltip
  // names the metric that decided it, which the row asked the backend for when the keyboard came.
  await browser.waitUntil(async () => / · (Poor|Warning) · .+ · .+\(limit /.test(await tip.getProperty('textContent')), {
    timeout: 5000,
    timeoutMsg: 'the degraded cell\'s tooltip does not say which metric made it degraded',
  });
  const tipText = await tip.getProperty('textContent');
  const name = tipText.split(' · ')[0];
  await browser.keys(['Enter']);
  await browser.waitUntil(async () => (await browser.$('[data-testid="tab-participant"]').getAttribute('aria-selected')) === 'true', {
    timeout: 5000,
    timeoutMsg: 'Enter did not open the participant tab',
  });
  await browser.waitUntil(async () => (await text('[data-testid="detail-name"]')) === name, {
    timeout: 10000,
    timeoutMsg: `the detail did not show ${name}`,
  });
  const count = (selector) => browser.execute((s) => document.querySelectorAll(s).length, selector);
  const panels = '[data-testid="small-multiples"] [data-testid="panel-chart"]';
  await browser.waitUntil(async () => (await count(panels)) >= 4, { timeout: 10000, timeoutMsg: 'fewer than 4 charts' });
  // Charts on screen are drawn at once, those further down when scrolled to.
  await browser.waitUntil(async () => (await count(`${panels} canvas`)) >= 2, {
    timeout: 10000,
    timeoutMsg: 'no chart drawn',
  });
  const total = await count(panels);
  await browser.execute(() => (document.querySelector('.main').scrollTop = 100000));
  await browser.waitUntil(async () => (await count(`${panels} canvas`)) === total, {
    timeout: 10000,
    timeoutMsg: 'charts scrolled into view were not drawn',
  });
  await browser.execute(() => (document.querySelector('.main').scrollTop = 0));
  // The opened minute is marked: every chart's readout shows a value for it before any hover.
  const readouts = await browser.$$('[data-testid="small-multiples"] [data-testid="panel-chart"] .readout');
  let withValue = 0;
  for (const r of readouts) if ((await r.getProperty('textContent')).trim() !== '') withValue++;
  assert.ok(withValue >= 4, `only ${withValue} charts show the opened minute's values`);
  const facts = await text('[data-testid="participant-facts"]');
  assert.ok(facts.includes('Device') && facts.includes('Data center'), facts);
  await screenshot('participant.png');
});

test('the crosshair is shared: hovering one chart shows the same minute in all', async () => {
  const charts = await browser.$$('[data-testid="small-multiples"] [data-testid="panel-chart"] .host');
  await charts[0].moveTo({ xOffset: 40, yOffset: 10 });
  await browser.pause(200);
  const time = await text('.chart-toolbar .hint strong');
  // The display zone, labelled, UTC in brackets ("05:35 EST (10:35 UTC)"; "10:35 UTC" in UTC).
  assert.match(time, /^\d\d:\d\d (\S+ \(\d\d:\d\d UTC\)|UTC)$/);
  const readouts = await browser.$$('[data-testid="small-multiples"] [data-testid="panel-chart"] .readout');
  const last = await readouts[readouts.length - 1].getProperty('textContent');
  assert.ok(last.trim() !== '', 'the last chart shows a value under the shared crosshair');
});

/** The demo snapshot's values of one metric in any of `streams` at one minute, by join (canonical CSV from the CLI). */
function demoValues(streams, metric, stamp) {
  const out = join(mkdtempSync(join(tmpdir(), 'qoscope-e2e-')), 'demo.csv');
  execFileSync(process.env.QOSCOPE_APP, ['export', 'src-tauri/crates/qoscope-sim/data/demo-meeting.qoscope.json', '--format', 'csv', '--out', out]);
  const values = new Map();
  for (const line of readFileSync(out, 'utf8').split('\n').slice(1)) {
    // user_id first; date_time, stream, metric, value, unit last (a quoted name may hold commas).
    const f = line.split(',');
    if (f.length < 7) continue;
    const [date, s, m, value] = f.slice(-5);
    if (date === stamp && streams.includes(s) && m === metric) values.set(f[0], Number(value));
  }
  return values;
}

test('compare: one metric for several people, the median, and everyone at a minute', async () => {
  await browser.$('[data-testid="tab-compare"]').click();
  const strip = browser.$('[data-testid="minute-strip"]');
  await strip.waitForExist({ timeout: 10000 });
  const chips = await browser.$$('[data-testid="compare-chip"]');
  assert.ok(chips.length >= 1 && chips.length <= 3, `${chips.length} people preselected`);
  await browser.$('[data-testid="compare-chart"] canvas').waitForExist({ timeout: 10000 });
  const names = await browser.$$('[data-testid="strip-name"]');
  assert.ok(names.length >= 5, `only ${names.length} people in the strip`);
  const select = browser.$('[data-testid="compare-metric"]');
  const options = await select.$$('option');
  assert.ok(options.length >= 10, `${options.length} metrics to compare`);
  const values = [];
  for (const o of options) values.push(await o.getAttribute('value'));
  // Audio sent · jitter must be offered: no fallback to whatever else is there.
  assert.ok(values.includes('audio_input/jitter'), `no audio_input/jitter among ${values.join(', ')}`);
  await select.selectByAttribute('value', 'audio_input/jitter');
  await browser.waitUntil(async () => (await select.getValue()) === 'audio_input/jitter', { timeout: 5000 });
  await browser.$('[data-testid="minute-strip"] [data-testid="strip-name"]').waitForExist({ timeout: 10000 });
  assert.match(await text('[data-testid="strip-time"]'), /^\d\d:\d\d$/);
  // Every value in "Everyone at HH:MM" is the snapshot's own value for that join, stream, metric
  // and minute (the canonical CSV of the same demo meeting, written by the CLI), worst first.
  const when = new Date(Number(await browser.$('[data-testid="strip-time"]').getAttribute('data-time')) * 1000);
  const stamp = when.toISOString().replace('.000Z', 'Z');
  // Audio sent is one people-level stream: the client's, the web client's and room systems' keys.
  const truth = demoValues(['audio_input', 'audio_device_from_rwg', 'audio_device_from_crc'], 'jitter', stamp);
  assert.ok(truth.size >= 5, `the snapshot has ${truth.size} jitter values at ${stamp}`);
  const shown = [];
  for (const row of await browser.$$('[data-testid="strip-row"]')) {
    shown.push([await row.getAttribute('data-user-id'), Number(await row.getAttribute('data-value'))]);
  }
  assert.equal(shown.length, truth.size, `${shown.length} shown, ${truth.size} in the snapshot at ${stamp}`);
  for (const [id, value] of shown) assert.equal(value, truth.get(id), `join ${id} at ${stamp}`);
  const sorted = [...shown].sort((a, b) => b[1] - a[1]);
  assert.deepEqual(shown.map((s) => s[1]), sorted.map((s) => s[1]), 'not worst first');
  await screenshot('compare.png');
  await browser.$('[data-testid="tab-overview"]').click();
});

test('findings: the demo’s six causes beside the overview; a click opens who suffered at that minute', async () => {
  await browser.$('[data-testid="tab-overview"]').click();
  const panel = browser.$('[data-testid="findings-panel"]');
  await panel.waitForExist({ timeout: 10000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="finding-cause"]')).length === 6, {
    timeout: 10000,
    timeoutMsg: 'the demo meeting should show six causes',
  });
  const kinds = [];
  for (const c of await browser.$$('[data-testid="finding-cause"]')) kinds.push(await c.getAttribute('data-kind'));
  // Tom Becker's video over TCP lasts the whole meeting, so its cause comes first (issue #18).
  assert.deepEqual(kinds, ['udp_blocked', 'wifi', 'sender_uplink', 'disconnect', 'device_cpu', 'receiver_downlink']);
  const causes = await browser.$$('[data-testid="finding-cause"]');
  const sentences = [];
  for (const c of causes) sentences.push(String(await c.$('[data-testid="finding-sentence"]').getProperty('textContent')));
  assert.match(sentences[0], /Tom Becker sent and received video over TCP instead of UDP/);
  assert.match(sentences[1], /Aiko Tanaka's Wi-Fi signal was weak/);
  // The second participant affected by Aiko's Wi-Fi: open them at the start of it.
  const jumps = await causes[1].$$('[data-testid="finding-jump"]');
  const name = (await jumps[1].$('.name').getProperty('textContent')).trim();
  await jumps[1].click();
  await browser.waitUntil(async () => (await text('[data-testid="detail-name"]')) === name, {
    timeout: 10000,
    timeoutMsg: `the finding did not open ${name}`,
  });
  assert.equal(await browser.$('[data-testid="tab-participant"]').getAttribute('aria-selected'), 'true');
  await browser.$('[data-testid="tab-overview"]').click();
  await screenshot('findings.png');
});
