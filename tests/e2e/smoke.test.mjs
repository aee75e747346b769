// Real-webview smoke test: the built app driven through tauri-driver + WebKitWebDriver.
// Run by scripts/e2e.sh (which starts Xvfb, D-Bus and tauri-driver). Breadth lives in vitest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
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

async function tableRows() {
  await browser.$('[data-testid="table-row"]').waitForExist({ timeout: 20000 });
  return Array.from(await browser.$$('[data-testid="table-row"]'));
}

// textContent, not getText(): WebKitWebDriver's visibility heuristics drop text inside
// `overflow: hidden` ellipsis boxes even when it is on screen (see the README screenshot).
async function texts(elements) {
  const out = [];
  for (const e of elements) out.push(await e.getProperty('textContent'));
  return out;
}

test('opens on the built-in demo meeting with its participants', async () => {
  const titleText = () => browser.$('[data-testid="meeting-title"]').getProperty('textContent');
  await browser.waitUntil(async () => (await titleText().catch(() => '')) !== '', {
    timeout: 20000,
    timeoutMsg: 'no meeting title appeared',
  });
  assert.equal(await titleText(), 'Weekly IT service review');
  // The app reopens on the tab used last (an earlier suite may have left the Participant tab).
  await browser.$('[data-testid="tab-overview"]').click();
  const rows = await tableRows();
  assert.equal(rows.length, 9, 'nine joins of eight people (one rejoin)');
  const names = await texts(rows);
  assert.ok(names.some((n) => n.includes('Zoë 王')), `names: ${names.join(' | ')}`);
  assert.ok(names.some((n) => n.includes('Caller 555-0100')));
});

test('clicking a participant in the table opens their charts', async () => {
  const rows = await tableRows();
  const target = rows[2];
  const name = await target.$('[data-testid="table-name"]').getProperty('textContent');
  await target.$('[data-testid="table-name"]').click();
  const detailName = browser.$('[data-testid="detail-name"]');
  await detailName.waitForExist({ timeout: 10000 });
  await browser.waitUntil(async () => (await detailName.getProperty('textContent')) === name, {
    timeout: 5000,
    timeoutMsg: `the detail did not show ${name}`,
  });
  const canvas = browser.$('[data-testid="panel-chart"] canvas');
  await canvas.waitForExist({ timeout: 10000 });
  const size = await canvas.getSize();
  assert.ok(size.width > 200 && size.height > 100, `canvas is ${size.width}x${size.height}`);
  await browser.$('[data-testid="tab-overview"]').click();
});

test('IPC round trip: the version shown comes from the Rust core', async () => {
  const version = browser.$('[data-testid="app-version"]');
  await version.waitForExist({ timeout: 10000 });
  await browser.waitUntil(async () => /\d+\.\d+\.\d+/.test(await version.getText()), { timeout: 5000 });
  const text = await version.getText();
  const { readFileSync } = await import('node:fs');
  const cargoVersion = readFileSync('Cargo.toml', 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.ok(text.includes(cargoVersion), `shown "${text}", Cargo.toml says ${cargoVersion}`);
});

test('Accounts: a profile saved to the keychain passes "Test connection" against the simulator', async () => {
  await browser.$('[data-testid="accounts-button"]').click();
  const add = browser.$('button=Add account');
  await add.waitForClickable({ timeout: 10000 });
  await add.click();
  await browser.$('#profile-name').setValue('Helpdesk');
  await browser.$('#profile-account').setValue('sim-account');
  await browser.$('#profile-client').setValue('sim-client');
  await browser.$('#profile-secret').setValue('sim-client-secret');
  await browser.$('button=Save').click();
  // Other specs may have added profiles: wait for this one's row (the list reloads after Save).
  await browser.$('[aria-label="Test connection for Helpdesk"]').waitForExist({ timeout: 10000 });
  let rowText = '';
  for (const row of await browser.$$('[data-testid="profile-row"]')) {
    const text = await row.getProperty('textContent');
    if (text.includes('Helpdesk')) rowText = text;
  }
  assert.ok(rowText.includes('Helpdesk') && rowText.includes('sim-client'), rowText);
  assert.ok(!rowText.includes('sim-client-secret'), 'the secret is never shown back');
  await browser.$('[aria-label="Test connection for Helpdesk"]').click();
  const result = browser.$('[data-testid="test-result"]');
  await result.waitForExist({ timeout: 20000 });
  const text = await result.getProperty('textContent');
  assert.ok(text.includes('dashboard_meetings:read:admin'), `granted scopes shown: ${text}`);
  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    await browser.pause(300);
    await browser.saveScreenshot(join(screenshotDir, 'accounts.png'));
  }
});
