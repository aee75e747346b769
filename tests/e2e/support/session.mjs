// The WebDriver session every E2E suite opens on the built app. scripts/e2e.sh starts
// tauri-driver (and WebKitWebDriver) and sets QOSCOPE_APP and QOSCOPE_WEBDRIVER_PORT.
import assert from 'node:assert/strict';
import { remote } from 'webdriverio';

/**
 * Starts the app under WebDriver; the caller deletes the session when done. The benchmarks give
 * their own app and tauri-driver port (they start drivers of their own).
 */
export async function openApp({ app = process.env.QOSCOPE_APP, port = Number(process.env.QOSCOPE_WEBDRIVER_PORT || 4444) } = {}) {
  assert.ok(app, 'QOSCOPE_APP is not set: run through scripts/e2e.sh');
  return remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 2,
    capabilities: {
      'tauri:options': { application: app },
      'wdio:enforceWebDriverClassic': true,
    },
  });
}
