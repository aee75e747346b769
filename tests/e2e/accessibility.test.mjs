// WCAG 2.1 AA in the real window: axe-core 4 (tags wcag2a, wcag2aa, wcag21a, wcag21aa) runs on
// every screen and fails on any serious or critical violation. The screens are discovered, not
// listed: every entry of the rail and every tab of the open meeting, so a screen added later is
// checked without editing this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openApp } from './support/session.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let browser;

before(async () => {
  browser = await openApp();
  await browser.$('[data-testid="meeting-title"]').waitForExist({ timeout: 30000 });
});

after(async () => {
  await browser?.deleteSession();
});

/** Runs axe on the whole document; returns the serious and critical violations, one line each. */
async function seriousViolations() {
  await browser.execute(axeSource);
  const result = await browser.executeAsync((done) => {
    // eslint-disable-next-line no-undef
    axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) =>
        done({
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.length,
            first: v.nodes[0]?.target?.join(' ') ?? '',
          })),
          passes: r.passes.length,
        }),
      )
      .catch((e) => done({ error: String(e) }));
  });
  assert.equal(result.error, undefined, result.error);
  assert.ok(result.passes > 10, `axe ran only ${result.passes} passing rules: did it run?`);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} on ${v.nodes} nodes (${v.help}; first: ${v.first})`);
}

async function settle() {
  await browser.pause(400);
}

test('every screen of the rail and every tab of a meeting pass axe (no serious or critical violation)', async () => {
  const report = [];
  // The meeting's tabs first (the app opens on the demo meeting).
  const tabs = await browser.$$('[role="tab"]');
  assert.ok(tabs.length >= 3, `${tabs.length} tabs`);
  const tabIds = [];
  for (const t of tabs) tabIds.push(await t.getAttribute('data-testid'));
  for (const id of tabIds) {
    await browser.$(`[data-testid="${id}"]`).click();
    await settle();
    for (const v of await seriousViolations()) report.push(`${id}: ${v}`);
  }
  // Then every entry of the rail, found in the page (buttons and links).
  const entries = await browser.$$('nav.rail button, nav.rail a');
  const labels = [];
  for (const e of entries) labels.push((await e.getProperty('textContent')).trim());
  assert.ok(labels.length >= 5, `rail entries: ${labels.join(', ')}`);
  for (let i = 0; i < labels.length; i++) {
    const entry = (await browser.$$('nav.rail button, nav.rail a'))[i];
    if (!entry || !(await entry.isClickable())) continue;
    await entry.click();
    await settle();
    for (const v of await seriousViolations()) report.push(`${labels[i]}: ${v}`);
  }
  // Leave the app as it opened: the meeting, on its Overview (the app remembers the last screen).
  await browser.$('[data-testid="rail-open-meeting"]').click();
  await browser.$('[data-testid="tab-overview"]').click();
  assert.deepEqual(report, [], `axe found serious or critical violations:\n${report.join('\n')}`);
});
