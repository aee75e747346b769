// Real-webview test with a meeting whose every Zoom string is hostile (scenario `hostile`, opened
// through QOSCOPE_OPEN_SNAPSHOT by scripts/e2e.sh): markup shows literally, nothing runs, a
// 10,000-character name does not break the layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from '../e2e/support/session.mjs';

let browser;

before(async () => {
  assert.ok(process.env.QOSCOPE_OPEN_SNAPSHOT, 'QOSCOPE_OPEN_SNAPSHOT is not set: run through scripts/e2e.sh');
  browser = await openApp();
});

after(async () => {
  await browser?.deleteSession();
});

const text = (selector) => browser.$(selector).getProperty('textContent');
const pwned = () => browser.execute(() => window.__pwned ?? null);

test('hostile names, topic and locations show as text and run nothing', async () => {
  const title = browser.$('[data-testid="meeting-title"]');
  await title.waitForExist({ timeout: 20000 });
  assert.match(await title.getProperty('textContent'), /<img src=x onerror="window.__pwned=4"> Topic/);
  await browser.$('[data-testid="table-row"]').waitForExist({ timeout: 20000 });
  const names = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="table-name"]')].map((n) => n.textContent),
  );
  assert.ok(names.includes('<script>window.__pwned=2</script>'), JSON.stringify(names));
  assert.ok(names.includes('Zoë 王 🎧 <b>x</b> & co'), JSON.stringify(names));
  // Markup from Zoom never became elements.
  const injected = await browser.execute(() => ({
    imgs: document.querySelectorAll('img[src="x"]').length,
    svgs: document.querySelectorAll('svg[onload]').length,
    inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'x').length,
  }));
  assert.deepEqual(injected, { imgs: 0, svgs: 0, inlineScripts: 0, bold: 0 });
  assert.equal(await pwned(), null, 'no hostile string ran');
});

test('the findings panel and a participant with a 10,000-character name keep the layout', async () => {
  const panel = browser.$('[data-testid="findings-panel"]');
  await panel.waitForExist({ timeout: 20000 });
  assert.match(await text('[data-testid="finding-sentence"]'), /<img src=x onerror="window.__pwned=1">'s uplink was poor/);
  const jumps = await browser.$$('[data-testid="finding-jump"]');
  let long = null;
  for (const j of jumps) if ((await j.getProperty('textContent')).includes('Longxxxx')) long = j;
  assert.ok(long, 'the long name is among the affected');
  await long.click();
  await browser.waitUntil(async () => (await text('[data-testid="detail-name"]')).startsWith('Longxxx'), {
    timeout: 10000,
    timeoutMsg: 'the long-named participant did not open',
  });
  const overflow = await browser.execute(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 2, `the page is ${overflow}px wider than the window`);
  assert.equal(await pwned(), null, 'no hostile string ran');
});
