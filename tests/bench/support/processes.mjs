// Processes and their memory, read from /proc: the app a tauri-driver session started, the
// processes under it (WebKitWebProcess, WebKitNetworkProcess) and their PSS. Shared by the
// window benchmarks (webview-scale.bench.mjs, deb-startup.bench.mjs).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name (which may contain spaces). */
export function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

const parentOf = (pid) => Number(statFields(pid)[1]);

/** Every live process: pid, parent pid, executable (null when unreadable). */
export function processes() {
  const list = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      let exe = null;
      try {
        exe = readlinkSync(`/proc/${pid}/exe`);
      } catch {
        // kernel threads and exited processes have no executable to read
      }
      list.push({ pid, ppid: parentOf(pid), exe });
    } catch {
      // the process exited while the list was read
    }
  }
  return list;
}

export function descendantsOf(root, all = processes()) {
  const found = [];
  let frontier = [root];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

/** The one process running `exe` under `root` that is not in `known` (a new session's app). */
export function newProcessUnder(root, exe, known) {
  const mine = descendantsOf(root).filter((p) => p.exe === exe && !known.has(p.pid));
  if (mine.length !== 1) throw new Error(`expected one new ${exe} process under pid ${root}, found ${mine.length}`);
  return mine[0].pid;
}

/** PSS in KiB from /proc/<pid>/smaps_rollup: total, anonymous (heaps) and file-backed (code). */
export function pssKiB(pid) {
  const fields = Object.fromEntries(
    readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Pss'))
      .map((l) => [l.split(':')[0], Number(l.split(/\s+/)[1])]),
  );
  return { total: fields.Pss, anon: fields.Pss_Anon ?? 0, file: fields.Pss_File ?? 0 };
}

/** PSS of a process and every process under it: total and anonymous MiB, and the members. */
export function treePss(pid) {
  const tree = [pid, ...descendantsOf(pid).map((p) => p.pid)];
  const members = tree.map((p) => {
    let exe = '?';
    try {
      exe = readlinkSync(`/proc/${p}/exe`).split('/').pop();
    } catch {
      // exited meanwhile
    }
    let pss = { total: 0, anon: 0, file: 0 };
    try {
      pss = pssKiB(p);
    } catch {
      // the process exited after the list was read: it holds nothing any more
    }
    return { exe, pssKiB: pss.total, anonKiB: pss.anon, fileKiB: pss.file };
  });
  const mib = (key) => Math.round((members.reduce((sum, m) => sum + m[key], 0) / 1024) * 10) / 10;
  return { pssMiB: mib('pssKiB'), anonMiB: mib('anonKiB'), processes: members };
}
