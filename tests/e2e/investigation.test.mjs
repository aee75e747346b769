// Real-webview E2E of the investigation workspace: add a profile → find a meeting → fetch with
// progress → overview; the demo profile's simulated Zoom (search, instances, Cancel); saved
// investigations. Run by scripts/e2e.sh, which starts QoScope's Zoom simulator and points the
// app at it (QOSCOPE_API_BASE, QOSCOPE_OAUTH_TOKEN_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from './support/session.mjs';

const screenshotDir = process.env.QOSCOPE_SCREENSHOT_DIR;
const DEMO = 'Demo (simulated Zoom)';
let browser;

before(async () => {
  browser = await openApp();
});

after(async () => {
  await browser?.deleteSession();
});

// textContent, not getText() (see smoke.test.mjs).
const text = (selector) => browser.$(selector).getProperty('textContent');

async function waitForText(selector, predicate, timeout, what) {
  await browser.waitUntil(async () => predicate((await text(selector).catch(() => '')) ?? ''), {
    timeout,
    timeoutMsg: what,
  });
}

async function openFind(profile) {
  await browser.$('[data-testid="find-button"]').click();
  const select = browser.$('[data-testid="profile-select"]');
  await select.waitForExist({ timeout: 10000 });
  await select.selectByAttribute('value', profile);
  await browser.waitUntil(async () => (await select.getValue()) === profile, { timeout: 5000 });
}

/** Sets Settings → request rate (requests per second). */
async function setRequestRate(rate) {
  await browser.$('[data-testid="settings-button"]').click();
  const input = browser.$('[data-testid="rate-input"]');
  await input.waitForExist({ timeout: 10000 });
  await input.setValue(String(rate));
  await browser.$('[data-testid="save-settings"]').click();
  await waitForText('p.notice[role="status"]', (t) => t.includes('Settings saved'), 10000, 'settings not saved');
}

async function fetchMeeting(meeting) {
  const input = browser.$('[data-testid="meeting-input"]');
  await input.setValue(meeting);
  await browser.$('[data-testid="fetch-button"]').click();
}

test('add a profile → find a meeting → fetch with progress → overview', async () => {
  await browser.$('[data-testid="accounts-button"]').click();
  const add = browser.$('button=Add account');
  await add.waitForClickable({ timeout: 10000 });
  await add.click();
  await browser.$('#profile-name').setValue('Zoom sim');
  await browser.$('#profile-account').setValue('sim-account');
  await browser.$('#profile-client').setValue('sim-client');
  await browser.$('#profile-secret').setValue('sim-client-secret');
  await browser.$('button=Save').click();
  await browser.$('[aria-label="Test connection for Zoom sim"]').waitForExist({ timeout: 10000 });

  await openFind('Zoom sim');
  await fetchMeeting('857 4621 3390');
  // The progress panel appears while the fetch runs (it may be brief for nine joins), then the
  // overview of the fetched meeting.
  await waitForText('[data-testid="meeting-title"]', (t) => t === 'Weekly IT service review', 30000, 'no overview');
  await waitForText('[data-testid="table-count"]', (t) => t.trim() === '9 joins', 10000, 'nine joins of eight people');
  // The rail lists the fetch as a saved investigation, marked as the open one (not "Demo meeting"),
  // and the meeting opens on its Overview.
  await waitForText('[data-testid="rail-open-meeting"] .investigation-name', (t) => t.startsWith('Weekly IT service review'), 10000, 'the rail does not mark the fetched meeting');
  assert.equal(await browser.$('[data-testid="tab-overview"]').getAttribute('aria-selected'), 'true');
});

test('the demo profile: a 300-person fetch shows participant counts, partial results, and can be cancelled', async () => {
  // At 30 requests/s the simulated fetch is over in ~3 s, too soon to watch the partial
  // results; at 4/s they show after a second or two and Cancel comes long before the end.
  await setRequestRate(4);
  try {
    await fetchAndCancelTheAllHands();
  } finally {
    await setRequestRate(30);
  }
  // At the usual rate the progress counts the participants.
  await openFind(DEMO);
  await fetchMeeting('930 0000 0001');
  await waitForText(
    '[data-testid="fetch-count"]',
    (t) => /^\d+ \/ 3\d\d participants$/.test(t),
    30000,
    'no "N / 300 participants" progress',
  );
  await waitForText('[data-testid="meeting-title"]', (t) => t.startsWith('All-hands'), 60000, 'the fetch did not open');
});

test('the 300-person all-hands is readable: grade colours, no black blocks, names on every row', async () => {
  // Still open from the test above (the whole all-hands, fetched at the usual rate).
  const heatmap = browser.$('[data-testid="heatmap"]');
  await heatmap.waitForExist({ timeout: 30000, timeoutMsg: 'no heatmap for the all-hands' });
  assert.ok(Number(await heatmap.getAttribute('data-rows')) >= 300, 'every join is a row');
  await browser.pause(500);
  const stats = await browser.execute(measureHeatmapCanvas);
  assert.equal(stats.error, undefined, stats.error);
  const share = (n) => n / stats.pixels;
  // The grade colours the theme defines are all on the canvas (good, warning and poor minutes).
  for (const grade of ['good', 'warning', 'poor']) {
    assert.ok(share(stats.colours[grade]) > 0.002, `${grade} covers ${(100 * share(stats.colours[grade])).toFixed(2)} % of the canvas`);
  }
  // The old heatmap stroked 1 px outlines around 2 px rows: solid black blocks. Fewer than 5 %.
  const black = stats.blackBlocks / stats.blocks;
  assert.ok(black < 0.05, `near-black 4×4 blocks cover ${(100 * black).toFixed(1)} % of the heatmap`);
  // The strip answers "one person or everyone?", and the rows scroll with names (not a 2 px smear).
  const summary = await heatmap.getAttribute('aria-label');
  assert.match(summary, /Most at once: \d+ of \d+ joins at/);
  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    await browser.saveScreenshot(join(screenshotDir, 'overview-300.png'));
  }
});

/**
 * Runs in the page: the heatmap canvas's pixels against the theme's grade colours, and how many
 * 4×4 blocks are solid near-black (every pixel opaque and darker than 60 in each channel).
 */
function measureHeatmapCanvas() {
  const canvas = document.querySelector('[data-testid="heatmap"] canvas');
  if (!canvas) return { error: 'no heatmap canvas' };
  const ctx = canvas.getContext('2d');
  const { width, height, data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const style = getComputedStyle(canvas);
  const rgb = (name) => {
    const probe = document.createElement('div');
    probe.style.color = style.getPropertyValue(name).trim();
    document.body.appendChild(probe);
    const m = getComputedStyle(probe).color.match(/\d+/g).map(Number);
    probe.remove();
    return m.slice(0, 3);
  };
  const grades = { good: rgb('--grade-good'), warning: rgb('--warning'), poor: rgb('--poor') };
  const colours = { good: 0, warning: 0, poor: 0 };
  const dark = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i += 4, p++) {
    const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (a > 250 && r < 60 && g < 60 && b < 60) dark[p] = 1;
    for (const [name, [cr, cg, cb]] of Object.entries(grades)) {
      if (a > 250 && Math.abs(r - cr) <= 2 && Math.abs(g - cg) <= 2 && Math.abs(b - cb) <= 2) colours[name]++;
    }
  }
  let blocks = 0;
  let blackBlocks = 0;
  for (let y = 0; y + 4 <= height; y += 4) {
    for (let x = 0; x + 4 <= width; x += 4) {
      blocks++;
      let all = true;
      for (let dy = 0; dy < 4 && all; dy++) for (let dx = 0; dx < 4 && all; dx++) all = dark[(y + dy) * width + x + dx] === 1;
      if (all) blackBlocks++;
    }
  }
  return { pixels: width * height, colours, blocks, blackBlocks };
}

async function fetchAndCancelTheAllHands() {
  await openFind(DEMO);
  await fetchMeeting('930 0000 0001');
  await browser.$('[data-testid="fetch-progress"]').waitForExist({ timeout: 10000, timeoutMsg: 'no progress shown' });
  // Partial results: the joins fetched so far appear as a heatmap under the progress bar.
  const partial = browser.$('[data-testid="partial-heatmap"]');
  await partial.waitForExist({ timeout: 20000, timeoutMsg: 'no partial results while fetching' });
  const partialRows = Number(await partial.getAttribute('data-rows'));
  assert.ok(partialRows > 0 && partialRows < 318, `partial results: ${partialRows} rows`);
  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    await browser.saveScreenshot(join(screenshotDir, 'fetch-progress.png'));
  }
  await browser.$('[data-testid="cancel-fetch"]').click();
  await waitForText('[data-testid="fetch-notice"]', (t) => t.includes('Cancelled'), 30000, 'no cancelled notice');
  await waitForText('[data-testid="meeting-title"]', (t) => t.startsWith('All-hands'), 10000, 'partial data not shown');
  await waitForText('[data-testid="table-count"]', (t) => /^[1-9]\d* joins?$/.test(t.trim()), 10000, 'no joins in the table');
  const joins = Number((await text('[data-testid="table-count"]')).replace(/[^0-9]/g, ''));
  assert.ok(joins >= partialRows && joins < 318, `partial: ${joins} joins kept, ${partialRows} were shown while fetching`);
}

test('the demo profile: search past meetings and pick a recurring meeting’s instance', async () => {
  await openFind(DEMO);
  await browser.$('[data-testid="search-filter"]').setValue('escalation');
  await browser.$('[data-testid="search-button"]').click();
  await browser.$('[data-testid="search-row"]').waitForExist({ timeout: 20000 });
  assert.equal((await browser.$$('[data-testid="search-row"]')).length, 3);
  await browser.$('[data-testid="search-row"] button[aria-label^="Instances of"]').click();
  await browser.$('[data-testid="instance-row"]').waitForExist({ timeout: 20000 });
  assert.equal((await browser.$$('[data-testid="instance-row"]')).length, 3);
  await browser.$('[data-testid="instance-row"] button[aria-label^="Fetch"]').click();
  await waitForText('[data-testid="meeting-title"]', (t) => t === 'Weekly escalation call', 30000, 'instance not opened');
});

test('the demo profile: a meeting in progress fetched as Live is refreshed automatically', async () => {
  await openFind(DEMO);
  await fetchMeeting('925 5500 0111');
  // Not ended yet: Zoom's 3001, with what to do.
  const alert = browser.$('[role="alert"] [data-testid="error-message"]');
  await alert.waitForExist({ timeout: 20000 });
  const message = await alert.getProperty('textContent');
  assert.ok(message.includes('3001') && message.includes('Live'), message);
  await browser.$('[data-testid="live-check"]').click();
  await browser.$('[data-testid="fetch-button"]').click();
  await waitForText('[data-testid="meeting-title"]', (t) => t.startsWith('Help desk stand-up'), 30000, 'live not opened');
  await waitForText('[data-testid="live-bar"]', (t) => t.includes('Refreshed every 60 s'), 5000, 'no live bar');
  // The simulated meeting grows with the clock, as a real one does: once the next minute has
  // begun, "Refresh now" must bring it (the heatmap gains a column), not only a new "last at".
  const heatmap = browser.$('[data-testid="heatmap"]');
  await heatmap.waitForExist({ timeout: 20000 });
  const minutesBefore = Number(await heatmap.getAttribute('data-minutes'));
  assert.ok(minutesBefore >= 15 && minutesBefore <= 22, `the live meeting started 20 minutes ago: ${minutesBefore} minutes`);
  const nextMinute = Math.ceil((Date.now() + 1) / 60000) * 60000;
  await browser.pause(nextMinute - Date.now() + 2000);
  await browser.$('button=Refresh now').click();
  await browser.waitUntil(async () => Number(await heatmap.getAttribute('data-minutes')) > minutesBefore, {
    timeout: 30000,
    timeoutMsg: `Refresh now did not bring the new minute (still ${minutesBefore} minutes)`,
  });
  await browser.$('button=Stop auto-refresh').click();
  await browser.waitUntil(async () => !(await browser.$('[data-testid="live-bar"]').isExisting()), { timeout: 5000 });
});

test('saved investigations: every fetch is listed and reopens offline', async () => {
  await browser.$('[data-testid="investigations-button"]').click();
  await browser.$('[data-testid="saved-row"]').waitForExist({ timeout: 10000 });
  const names = [];
  for (const row of await browser.$$('[data-testid="saved-name"]')) names.push(await row.getProperty('textContent'));
  assert.equal(names.length, 5, `one per fetch; the live refresh replaced its own: ${names.join(' | ')}`);
  assert.ok(names[0].startsWith('Help desk stand-up'), names.join(' | '));
  const rowsText = [];
  for (const row of await browser.$$('[data-testid="saved-row"]')) rowsText.push(await row.getProperty('textContent'));
  const partial = rowsText.filter((t) => t.includes('Partial'));
  assert.equal(partial.length, 1, `only the cancelled fetch is marked partial: ${rowsText.join(' | ')}`);
  assert.ok(partial[0].includes('All-hands'), partial[0]);
  await browser.$('[data-testid="saved-row"]:last-child button[aria-label^="Open"]').click();
  await waitForText('[data-testid="meeting-title"]', (t) => t === 'Weekly IT service review', 10000, 'not reopened');
  if (screenshotDir) {
    await browser.$('[data-testid="investigations-button"]').click();
    await browser.$('[data-testid="saved-row"]').waitForExist({ timeout: 10000 });
    await browser.pause(300);
    await browser.saveScreenshot(join(screenshotDir, 'investigations.png'));
  }
});

test('find by person: an e-mail and a time put the right meeting first, and it opens focused on them', async () => {
  await openFind(DEMO);
  await browser.$('[data-testid="person-input"]').setValue('aiko.tanaka@example.com');
  // The ticket's "around 10:15" (yesterday's demo meeting ran 10:00–11:00 UTC), in local time.
  const local = await browser.execute(() => {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() - 1);
    d.setUTCHours(10, 15, 0, 0);
    const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const input = document.querySelector('[data-testid="person-at"]');
    input.value = hhmm;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return hhmm;
  });
  await browser.$('[data-testid="person-button"]').click();
  const countRows = async () => (await browser.$$('[data-testid="person-row"]')).length;
  await browser.waitUntil(async () => (await countRows()) > 0, { timeout: 30000, timeoutMsg: 'no meetings listed' });
  const rows = await browser.$$('[data-testid="person-row"]');
  assert.equal(rows.length, 6, 'Aiko joined six meetings of the demo account');
  const first = rows[0];
  assert.equal(await first.getAttribute('data-uuid'), 'aDYlohsHRtCd4ii1uC2+hA==', `the demo meeting first at ${local}`);
  assert.ok((await first.getProperty('textContent')).includes('▶'), 'marked as the meeting at that time');
  await first.$('[data-testid="person-fetch"]').click();
  await waitForText('[data-testid="meeting-title"]', (t) => t.startsWith('Weekly IT service review'), 60000, 'not opened');
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="tab-participant"]').getAttribute('aria-selected')) === 'true',
    { timeout: 10000, timeoutMsg: 'the Participant tab is not shown' },
  );
  await waitForText('[data-testid="detail-name"]', (t) => t.includes('Aiko Tanaka'), 10000, 'Aiko is not selected');
  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    await browser.saveScreenshot(join(screenshotDir, 'person-focus.png'));
  }
});
