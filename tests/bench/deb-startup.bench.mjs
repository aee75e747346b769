// Release-package benchmark: cold start to first paint and idle memory of the installed app
// (/usr/bin/qoscope), driven through tauri-driver under Xvfb. Run by scripts/deb-check.sh, which
// installs the .deb first. Prints one JSON line per run and a final `{"summary": …}` line.
//
// Cold start = from the moment the kernel created the qoscope process to the page's first
// contentful paint (FCP) of the demo meeting's window:
// - process start: field 22 of /proc/<pid>/stat (clock ticks since boot);
// - FCP: `performance.timeOrigin + FCP.startTime` in the page (milliseconds since the epoch);
// - both are put on one clock with the boot time in epoch milliseconds, taken as
//   `Date.now() - /proc/uptime` (10 ms resolution) rather than /proc/stat's `btime`, which is
//   rounded to whole seconds and would shift every result by up to a second.
// Idle memory = 10 s after the overview has painted, the sum of PSS (/proc/<pid>/smaps_rollup)
// over the qoscope process and every process under it (WebKitWebProcess, WebKitNetworkProcess).
// The baseline, measured side by side: the same installed binary with its UI replaced by one word
// (QOSCOPE_BENCH_ONE_WORD=1, the page ui/public/bench-one-word.html), run alternately with the
// app (as many runs, interleaved, the same idle wait, counted from `document.readyState` being
// 'complete' since that page has no script).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remote } from 'webdriverio';
import { descendantsOf, newProcessUnder, processes, statFields, treePss } from './support/processes.mjs';

const app = process.env.QOSCOPE_APP;
const port = Number(process.env.QOSCOPE_WEBDRIVER_PORT || 4444);
const runs = Number(process.env.QOSCOPE_BENCH_RUNS || 5);
const idleSeconds = Number(process.env.QOSCOPE_BENCH_IDLE_SECONDS || 10);
// The empty WebKitGTK window (tests/bench/webkit-floor.c, built by deb-check) measured for scale.
const floorApp = process.env.QOSCOPE_WEBKIT_FLOOR;
const floorRuns = Number(process.env.QOSCOPE_FLOOR_RUNS || 3);
assert.ok(app, 'QOSCOPE_APP is not set: run through scripts/deb-check.sh');

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux

const startSinceBootMs = (pid) => (Number(statFields(pid)[19]) / CLOCK_TICKS_PER_SECOND) * 1000;

/** Boot time in epoch milliseconds, from the wall clock and /proc/uptime read together. */
function bootEpochMs() {
  const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - uptimeSeconds * 1000;
}

/** The app process this session started: under our tauri-driver, running QOSCOPE_APP. */
function findApp(driverPid, known) {
  return newProcessUnder(driverPid, app, known);
}

async function waitFor(browser, check, what) {
  await browser.waitUntil(check, { timeout: 120000, interval: 20, timeoutMsg: `timed out waiting for ${what}` });
}

const driverPid = Number(process.env.QOSCOPE_TAURI_DRIVER_PID);
assert.ok(driverPid > 0, 'QOSCOPE_TAURI_DRIVER_PID is not set: run through scripts/deb-check.sh');
const seen = new Set(processes().map((p) => p.pid));
const results = [];
/** The WebKit settings the app's page process ran with (what QoScope set for itself, or what the
 * environment already had: QoScope keeps those). */
let appWebkitEnv = {};

// tauri-driver passes no environment to the app, so the one-word variant is started through a
// script that sets the variable and execs the installed binary (same process, same executable).
const wrapperDir = mkdtempSync(join(tmpdir(), 'qoscope-one-word-'));
const oneWordApp = join(wrapperDir, 'qoscope-one-word');
writeFileSync(oneWordApp, `#!/bin/sh\nQOSCOPE_BENCH_ONE_WORD=1 exec ${JSON.stringify(app)} "$@"\n`);
chmodSync(oneWordApp, 0o755);

let measured = 0; // the order of the runs, both variants together

/** One run of the installed app: the UI (`oneWord` false) or the one-word page. */
async function measureRun(run, oneWord) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: {
      'tauri:options': { application: oneWord ? oneWordApp : app },
      'wdio:enforceWebDriverClassic': true,
    },
  });
  try {
    const pid = findApp(driverPid, seen);
    seen.add(pid);
    const startEpochMs = bootEpochMs() + startSinceBootMs(pid);
    if (oneWord) {
      await waitFor(browser, async () => (await browser.execute(() => document.readyState)) === 'complete', 'the page');
      const text = await browser.execute(() => document.body.textContent.trim());
      assert.equal(text, 'QoScope', `the one-word page shows "${text}": is ${app} built with it?`);
    } else {
      await waitFor(
        browser,
        async () => (await browser.execute(() => window.__qoscopePerf?.overviewMs)) !== undefined,
        'the overview',
      );
    }
    const page = await browser.execute(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { timeOrigin: performance.timeOrigin, fcp: fcp ? fcp.startTime : null, now: performance.now() };
    });
    assert.ok(page.fcp !== null, 'the webview reported no first-contentful-paint entry');
    const firstPaintMs = page.timeOrigin + page.fcp - startEpochMs;
    // When the polling above saw the overview (or the one-word page) ready (an upper bound, within one poll).
    const overviewSeenMs = page.timeOrigin + page.now - startEpochMs;
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const idle = treePss(pid);
    if (!oneWord) appWebkitEnv = webkitEnvironmentOf(pid);
    const result = {
      run,
      order: measured++,
      oneWord,
      firstPaintMs: Math.round(firstPaintMs),
      timeOriginAfterStartMs: Math.round(page.timeOrigin - startEpochMs),
      overviewSeenMs: Math.round(overviewSeenMs),
      idlePssMiB: idle.pssMiB,
      idleAnonMiB: idle.anonMiB,
      processes: idle.processes,
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await browser.deleteSession();
  }
}

const oneWordResults = [];
try {
  for (let run = 0; run < runs; run++) {
    // Alternately, each variant first every other run, so neither always follows the other.
    const order = run % 2 === 0 ? [false, true] : [true, false];
    for (const oneWord of order) (oneWord ? oneWordResults : results).push(await measureRun(run, oneWord));
  }
} finally {
  rmSync(wrapperDir, { recursive: true, force: true });
}

/** The WebKit/GTK variables in the environment of the WebKitWebProcess under `pid`: the values
 * the app set for itself before WebKit started (its own /proc environ shows only its start). */
function webkitEnvironmentOf(pid) {
  const web = descendantsOf(pid, processes()).find((p) => p.exe?.endsWith('/WebKitWebProcess'));
  assert.ok(web, 'the app has no WebKitWebProcess');
  const names = ['WEBKIT_DISABLE_DMABUF_RENDERER', 'WEBKIT_WEB_RENDER_DEVICE_FILE', 'GDK_GL'];
  const pairs = readFileSync(`/proc/${web.pid}/environ`, 'utf8')
    .split('\0')
    .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])
    .filter(([name]) => names.includes(name));
  return Object.fromEntries(pairs);
}

const floorResults = [];
if (floorApp) {
  // Launched directly (no WebDriver) with the environment QoScope gives itself; measured as
  // long after start as the app is (its overview shows about a second after start).
  for (let run = 0; run < floorRuns; run++) {
    const child = spawn(floorApp, [], { stdio: 'ignore', env: { ...process.env, ...appWebkitEnv } });
    // Listened for at once, so that an early exit (a crash, a signal) is never missed.
    const exited = new Promise((resolve) => {
      child.once('exit', resolve);
      child.once('error', resolve);
    });
    const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
    try {
      await new Promise((resolve) => setTimeout(resolve, (idleSeconds + 1) * 1000));
      assert.ok(running(), `${floorApp} is not running (exit code ${child.exitCode}, signal ${child.signalCode})`);
      const result = { floorRun: run, ...treePss(child.pid) };
      assert.ok(result.processes.length >= 3, `${floorApp} did not start WebKit's processes`);
      floorResults.push(result);
      console.log(JSON.stringify(result));
    } finally {
      if (running()) child.kill('SIGTERM');
      await exited;
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    summary: {
      runs: results.length,
      firstPaintMs: median(results.map((r) => r.firstPaintMs)),
      idlePssMiB: median(results.map((r) => r.idlePssMiB)),
      idleAnonMiB: median(results.map((r) => r.idleAnonMiB)),
      results,
      oneWordPssMiB: median(oneWordResults.map((r) => r.idlePssMiB)),
      oneWordAnonMiB: median(oneWordResults.map((r) => r.idleAnonMiB)),
      oneWordResults,
      webkitEnv: appWebkitEnv,
      floorPssMiB: floorResults.length ? median(floorResults.map((r) => r.pssMiB)) : null,
      floorResults,
    },
  }),
);
