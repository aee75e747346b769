// Real-window E2E of the exports: the PDF report from the meeting header and from the participant
// view, a chart PNG, and "Copy for ticket" through the clipboard. The Save dialog is answered by
// QOSCOPE_E2E_SAVE_DIR (scripts/e2e.sh): Rust renders, names and writes each file exactly as for
// a user, into that folder. The PDF's text is read back with pdftotext, the PNG is decoded, the
// clipboard is read with xclip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { openApp } from './support/session.mjs';

const saveDir = process.env.QOSCOPE_E2E_SAVE_DIR;
let browser;

// scripts/e2e.sh runs the app in a zone that is not UTC (America/New_York unless TZ says
// otherwise); only the README screenshots (scripts/screenshots.sh) are taken in UTC, to match the
// times the README's text quotes.
const utcScreenshots = Boolean(process.env.QOSCOPE_SCREENSHOT_DIR) && /^(UTC|Etc\/UTC)$/.test(process.env.TZ ?? '');

before(async () => {
  assert.ok(saveDir, 'QOSCOPE_E2E_SAVE_DIR is not set: run through scripts/e2e.sh');
  browser = await openApp();
  // Whatever screen an earlier suite left open: the meeting, on its Overview.
  await browser.$('[data-testid="rail-open-meeting"]').click();
  await browser.$('[data-testid="tab-overview"]').waitForExist({ timeout: 30000 });
  await browser.$('[data-testid="tab-overview"]').click();
  await browser.$('[data-testid="meeting-title"]').waitForExist({ timeout: 30000 });
});

after(async () => {
  await browser?.deleteSession();
});

const text = (selector) => browser.$(selector).getProperty('textContent');
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** Opens the export menu named `label`, clicks `action`, and returns the saved file's path. */
async function saveFrom(label, action) {
  const trigger = browser.$(`button[aria-label="${label}"]`);
  await trigger.waitForClickable({ timeout: 10000, timeoutMsg: `no "${label}" button` });
  await trigger.click();
  const menu = trigger.parentElement();
  await menu.$(`button=${action}`).click();
  let name = '';
  await browser.waitUntil(
    async () => {
      const status = squash((await menu.$('[role="status"]').getProperty('textContent')) ?? '');
      const m = /^Saved (.+?) Show in folder$/.exec(status);
      name = m ? m[1] : '';
      return name !== '';
    },
    { timeout: 60000, timeoutMsg: `"${action}" never said Saved` },
  );
  // Close the menu again (the trigger toggles it).
  await trigger.click();
  const path = join(saveDir, name);
  assert.ok(existsSync(path), `the app said it saved ${name}, but ${path} does not exist`);
  assert.ok(statSync(path).size > 0, `${path} is empty`);
  return path;
}

function pdfText(path) {
  return squash(execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }));
}

/** Width and height of a PNG, after checking that every chunk's data inflates (a real decode of IDAT). */
function decodePng(path) {
  const buf = readFileSync(path);
  assert.deepEqual([...buf.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'not a PNG signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  let ended = false;
  while (offset < buf.length) {
    const len = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    offset += 12 + len;
  }
  assert.ok(ended, 'the PNG has no IEND chunk');
  const pixels = inflateSync(Buffer.concat(idat));
  return { width, height, bytes: pixels.length };
}

test('PDF report of the whole meeting, from the header: title, a participant and a finding sentence', async () => {
  const title = await text('[data-testid="meeting-title"]');
  // A poor cause: the whole meeting's PDF details the worst causes (a warning such as the demo's
  // UDP fallback, listed first on screen because it spans the meeting, may only be listed).
  await browser.$('[data-testid="finding-cause"].poor [data-testid="finding-sentence"]').waitForExist({ timeout: 30000 });
  const sentence = squash(await text('[data-testid="finding-cause"].poor [data-testid="finding-sentence"]'));
  const participant = squash(await text('[data-testid="finding-cause"].poor [data-testid="finding-jump"] .name'));
  const pdf = await saveFrom('PDF report of the whole meeting', 'Save PDF report…');
  assert.match(pdf, /\.pdf$/);
  const body = pdfText(pdf);
  assert.ok(body.includes(title), `the PDF lacks the title "${title}"`);
  assert.ok(body.includes(participant), `the PDF lacks the participant "${participant}"`);
  // The sentence as written on screen, perhaps wrapped differently: compare its first words after
  // the times (the screen names the zone "EST", the PDF by its offset "UTC-05:00"; both the app's
  // display zone with UTC in brackets).
  const words = utcScreenshots ? sentence.replace(/^.*?UTC,?\s*/, '') : sentence.replace(/^.*?UTC\),?\s*/, '');
  const start = words.split(' ').slice(0, 8).join(' ');
  assert.ok(body.includes(start), `the PDF lacks the finding "${start}…"`);
  if (!utcScreenshots) {
    assert.match(body, /\d\d:\d\d UTC[-+]\d\d:\d\d \(\d\d:\d\d–\d\d:\d\d UTC\)/, 'the PDF\'s finding times are in the display zone, UTC in brackets');
  }
});

test('PDF report about a participant, and a PNG of their charts that decodes at the chart size', async () => {
  await browser.$('[data-testid="finding-jump"]').click();
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="tab-participant"]').getAttribute('aria-selected')) === 'true',
    { timeout: 10000, timeoutMsg: 'the participant tab did not open' },
  );
  const name = await text('[data-testid="detail-name"]');
  const pdf = await saveFrom(`PDF report about ${name}`, 'Save PDF report…');
  const body = pdfText(pdf);
  assert.ok(body.includes(`Focus: ${name}`), `the focused PDF does not say "Focus: ${name}"`);

  const png = await saveFrom('Export these charts', 'Save PNG…');
  assert.match(png, /\.png$/);
  const { width, height, bytes } = decodePng(png);
  // qoscope-report's charts are 1000 units wide (charts::WIDTH), rasterized at 2× (raster::EXPORT_SCALE).
  assert.equal(width, 2000);
  assert.ok(height >= 800 && height <= 8000, `height ${height}`);
  assert.ok(bytes >= width * height, `only ${bytes} bytes of pixels for ${width}×${height}`);
});

test('"Copy for ticket" leads with the meeting and zone; the header, card and copy show the display zone, labelled', {
  skip: utcScreenshots ? 'the README screenshots are taken in UTC; the zone rule is checked in the E2E runs' : false,
}, async () => {
  const zone = process.env.TZ;
  assert.ok(zone && !/^(UTC|Etc\/UTC|GMT)$/.test(zone), `TZ=${zone}: the E2E must run in a non-UTC zone`);
  await browser.$('[data-testid="tab-overview"]').click();
  const cause = browser.$('[data-testid="finding-cause"]');
  await cause.waitForExist({ timeout: 10000 });
  // The zone's short name at the meeting's time, as Intl gives it in this zone ("EST", "EDT").
  const header = squash(await text('[data-testid="meeting-when"]'));
  const label = /\d\d:\d\d–\d\d:\d\d (\S+)$/.exec(header)?.[1];
  assert.ok(label && label !== 'UTC', `the header's times carry no local zone label: "${header}"`);
  const expected = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(Date.now() - 86400000)
    .find((p) => p.type === 'timeZoneName')?.value;
  assert.equal(label, expected, `the header says ${label}, the zone ${zone} is ${expected}`);
  const when = squash(await cause.$('[data-testid="finding-when"]').getProperty('textContent'));
  assert.match(when, new RegExp(`^\\d\\d:\\d\\d–\\d\\d:\\d\\d ${label}$`), `the card heading: "${when}"`);
  const sentence = squash(await cause.$('[data-testid="finding-sentence"]').getProperty('textContent'));
  assert.match(sentence, new RegExp(`^(From \\d\\d:\\d\\d to \\d\\d:\\d\\d|At \\d\\d:\\d\\d) ${label} \\(\\d\\d:\\d\\d(–\\d\\d:\\d\\d)? UTC\\)`), `the sentence: "${sentence}"`);
  // The card's local times are the sentence's: "From 05:12 to 05:19 EST" and "05:12–05:19 EST".
  const [from, to] = when.split(' ')[0].split('–');
  if (sentence.startsWith('From')) assert.ok(sentence.startsWith(`From ${from} to ${to} ${label}`), `"${when}" vs "${sentence}"`);

  await cause.$('button=Copy for ticket').click();
  await browser.waitUntil(async () => (await cause.$('button=Copied').isExisting()), {
    timeout: 5000,
    timeoutMsg: 'the button never said Copied',
  });
  const clip = execFileSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5000 });
  const lines = clip.split('\n');
  const title = squash(await text('[data-testid="meeting-title"]'));
  assert.equal(lines[0], `Meeting: ${title}`, `the copy leads with the topic: ${clip}`);
  assert.match(lines[1], /^Meeting ID: \d{3} \d{3,4} \d{4}$/, `then the meeting ID: ${clip}`);
  assert.match(lines[2], /^Date: \w{3}, \w{3} \d{1,2}, \d{4}$/, `then the date: ${clip}`);
  assert.match(lines[3], new RegExp(`^Times: ${label} \\(UTC[−+]\\d\\d:\\d\\d\\)$`), `then the zone: ${clip}`);
  assert.equal(lines[4], `When: ${when}`);
  assert.ok(squash(clip).includes(sentence), `the clipboard holds: ${clip}`);
  assert.match(clip, new RegExp(`${label} \\(\\d\\d:\\d\\d(–\\d\\d:\\d\\d)? UTC\\)`), 'UTC in brackets beside the local times');
  assert.match(clip, /Next step: /);
});
