// Real-webview E2E of a person's quality history on the demo profile: Find by person → Quality
// history → the plan with its request budget → Start → six meetings with the verdict → saved,
// reopened from Person histories, axe-clean, deleted. Run by scripts/e2e.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openApp } from './support/session.mjs';

const screenshotDir = process.env.QOSCOPE_SCREENSHOT_DIR;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DEMO = 'Demo (simulated Zoom)';
const AIKO = 'aiko.tanaka@example.com';
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

/**
 * The X server's screen (ImageMagick's `import`, under e2e.sh's Xvfb): WebKitWebDriver's own
 * screenshot can stall for minutes on a loaded machine.
 */
async function screenshot(name) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await browser.pause(300);
  try {
    execFileSync('import', ['-window', 'root', join(screenshotDir, name)], { timeout: 20000 });
  } catch {
    await browser.saveScreenshot(join(screenshotDir, name));
  }
}

/** axe-core on the whole document: the serious and critical violations, one line each. */
async function seriousViolations() {
  await browser.execute(axeSource);
  const result = await browser.executeAsync((done) => {
    // eslint-disable-next-line no-undef
    axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) =>
        done({
          violations: r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.impact} ${v.id} on ${v.nodes.length} nodes (${v.help}; first: ${v.nodes[0]?.target?.join(' ') ?? ''})`),
          passes: r.passes.length,
        }),
      )
      .catch((e) => done({ error: String(e) }));
  });
  assert.equal(result.error, undefined, result.error);
  assert.ok(result.passes > 10, `axe ran only ${result.passes} passing rules: did it run?`);
  return result.violations;
}

async function savedNames() {
  const names = [];
  for (const n of await browser.$$('[data-testid="history-saved-name"]')) names.push(await n.getProperty('textContent'));
  return names;
}

test('the demo person’s history: plan with its request budget, Start, six meetings and the verdict', async () => {
  await browser.$('[data-testid="meeting-title"]').waitForExist({ timeout: 30000 });
  await browser.$('[data-testid="find-button"]').click();
  const select = browser.$('[data-testid="profile-select"]');
  await select.waitForExist({ timeout: 10000 });
  await select.selectByAttribute('value', DEMO);
  await browser.$('[data-testid="person-input"]').setValue(AIKO);
  await browser.$('[data-testid="history-button"]').click();

  // Step 1: nothing is fetched yet; the plan says what it will cost.
  await waitForText('[data-testid="history-budget"]', (t) => t.startsWith('6 meetings: about '), 30000, 'no plan');
  const budget = await text('[data-testid="history-budget"]');
  assert.match(budget, /about \d+ requests, about \d+ s at \d+ requests per second/, budget);
  assert.equal((await browser.$$('[data-testid="plan-row"]')).length, 6, 'the six meetings to fetch');
  assert.equal(await browser.$('[data-testid="history-view"]').isExisting(), false, 'not fetched before Start');
  await screenshot('history-plan.png');

  await browser.$('[data-testid="history-start"]').click();
  await browser.$('[data-testid="history-view"]').waitForExist({ timeout: 60000, timeoutMsg: 'the history did not open' });
  const rows = await browser.$$('[data-testid="history-row"]');
  assert.equal(rows.length, 6, 'one row per meeting');
  const verdict = await text('[data-testid="history-verdict"]');
  assert.match(verdict, /^Poor in 4 of 6 meetings, always on Wi-Fi/, verdict);
  assert.ok((await text('#history-heading')).includes('Aiko Tanaka'), 'named as the data names them');
  // Their own Wi-Fi is a finding in helpdesk words; every row can fetch its whole meeting.
  const findings = [];
  for (const f of await browser.$$('[data-testid="history-findings"]')) findings.push(await f.getProperty('textContent'));
  assert.ok(findings.some((f) => f.includes('Weak Wi-Fi')), findings.join(' | '));
  assert.equal((await browser.$$('[data-testid="open-whole-meeting"]')).length, 6);
  // The chart draws every meeting and says the same in words.
  assert.equal((await browser.$$('[data-testid="history-chart"] svg rect.cell-p')).length > 0, true, 'poor minutes drawn');
  const chartText = await text('[data-testid="history-chart-text"]');
  assert.equal((await browser.$$('[data-testid="history-chart-text"] li')).length, 6, chartText);
  assert.ok(chartText.includes('worst poor'), chartText);
  await screenshot('history.png');

  const violations = await seriousViolations();
  assert.deepEqual(violations, [], `the history view:\n${violations.join('\n')}`);
});

test('the history is saved: listed under Person histories, renamed, reopened offline, and deleted', async () => {
  await browser.$('[data-testid="histories-button"]').click();
  await browser.$('[data-testid="history-saved-row"]').waitForExist({ timeout: 10000 });
  let names = await savedNames();
  assert.equal(names.length, 1, names.join(' | '));
  assert.ok(names[0].includes(AIKO), names[0]);
  const violations = await seriousViolations();
  assert.deepEqual(violations, [], `Person histories:\n${violations.join('\n')}`);

  await browser.$('[data-testid="history-saved-row"] button[aria-label^="Rename"]').click();
  const rename = browser.$('[data-testid="history-rename-input"]');
  await rename.waitForExist({ timeout: 5000 });
  await rename.setValue('Aiko — Wi-Fi ticket');
  await browser.$('button=Save name').click();
  await browser.waitUntil(async () => (await savedNames())[0] === 'Aiko — Wi-Fi ticket', {
    timeout: 10000,
    timeoutMsg: 'not renamed',
  });

  await browser.$('[data-testid="history-open"]').click();
  await browser.$('[data-testid="history-view"]').waitForExist({ timeout: 10000, timeoutMsg: 'not reopened' });
  assert.equal((await browser.$$('[data-testid="history-row"]')).length, 6, 'reopened with its six meetings');
  assert.match(await text('[data-testid="history-verdict"]'), /^Poor in 4 of 6 meetings/);

  await browser.$('[data-testid="histories-button"]').click();
  await browser.$('[data-testid="history-delete"]').waitForClickable({ timeout: 10000 });
  await browser.$('[data-testid="history-delete"]').click();
  await browser.$('[data-testid="confirm-delete"]').click();
  await waitForText('[data-testid="histories-notice"]', (t) => t === 'Deleted “Aiko — Wi-Fi ticket”.', 10000, 'no notice');
  await browser.$('[data-testid="histories-empty"]').waitForExist({ timeout: 10000, timeoutMsg: 'still listed' });
});

test('a history row opens its whole meeting, focused on the person', async () => {
  // A new history (the last one was deleted), then one click fetches the whole demo meeting.
  await browser.$('[data-testid="find-button"]').click();
  const select = browser.$('[data-testid="profile-select"]');
  await select.waitForExist({ timeout: 10000 });
  await select.selectByAttribute('value', DEMO);
  await browser.$('[data-testid="person-input"]').setValue(AIKO);
  await browser.$('[data-testid="history-button"]').click();
  await browser.$('[data-testid="history-start"]').waitForClickable({ timeout: 30000 });
  await browser.$('[data-testid="history-start"]').click();
  const row = browser.$('[data-testid="history-row"][data-uuid="aDYlohsHRtCd4ii1uC2+hA=="]');
  await row.waitForExist({ timeout: 60000, timeoutMsg: 'the demo meeting is not a row' });
  // Its button is on the row's second line (its findings).
  await browser.$('[data-testid="history-row"][data-uuid="aDYlohsHRtCd4ii1uC2+hA=="] + tr [data-testid="open-whole-meeting"]').click();
  await waitForText('[data-testid="meeting-title"]', (t) => t.startsWith('Weekly IT service review'), 60000, 'not opened');
  await waitForText('[data-testid="detail-name"]', (t) => t.includes('Aiko Tanaka'), 10000, 'Aiko is not selected');

  // Leave the data as it was: the E2E files share one data folder (investigation.test.mjs counts
  // its saved investigations).
  await browser.$('[data-testid="investigations-button"]').click();
  await browser.$('[data-testid="saved-row"]').waitForExist({ timeout: 10000 });
  const savedRows = async () => (await browser.$$('[data-testid="saved-row"]')).length;
  const before = await savedRows();
  // The newest saved investigation (listed first) is the one just fetched.
  await browser.$('[data-testid="saved-row"] button[aria-label^="Delete Weekly IT service review"]').click();
  await browser.$('[data-testid="confirm-delete"]').click();
  await browser.waitUntil(async () => (await savedRows()) === before - 1, {
    timeout: 10000,
    timeoutMsg: 'the investigation is still saved',
  });
  await browser.$('[data-testid="histories-button"]').click();
  await browser.$('[data-testid="history-delete"]').waitForClickable({ timeout: 10000 });
  await browser.$('[data-testid="history-delete"]').click();
  await browser.$('[data-testid="confirm-delete"]').click();
  await browser.$('[data-testid="histories-empty"]').waitForExist({ timeout: 10000, timeoutMsg: 'the history is still saved' });
});
