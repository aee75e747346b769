// Compare: default choices and "everyone at minute X". Pure.

import type { MetricAcross } from './bindings/MetricAcross';
import type { MetricChoice } from './bindings/MetricChoice';
import type { QualityRow } from './bindings/QualityRow';
import { badness } from './grades';

export function choiceKey(c: Pick<MetricChoice, 'stream' | 'metric'>): string {
  return `${c.stream}/${c.metric}`;
}

const PREFERRED = ['audio_input/avg_loss', 'audio_input/jitter', 'video_input/bitrate', 'audio_input/bitrate'];

/** Sent audio loss when there is one (the usual first suspect), else the first choice. */
export function defaultChoice(choices: readonly MetricChoice[]): MetricChoice | null {
  for (const key of PREFERRED) {
    const hit = choices.find((c) => choiceKey(c) === key);
    if (hit) return hit;
  }
  return choices[0] ?? null;
}

/**
 * The most participants one exported Compare chart holds: one distinct colour each. The same
 * limit as `MAX_PARTICIPANTS` in qoscope-report's charts.rs, which refuses more.
 */
export const MAX_EXPORTED_PARTICIPANTS = 8;

/** Why the chosen participants cannot be exported as one chart, or null when they can. */
export function compareExportBlocker(count: number): string | null {
  if (count === 0) return 'Nothing to export: add at least one person to the chart';
  if (count > MAX_EXPORTED_PARTICIPANTS) {
    const max = MAX_EXPORTED_PARTICIPANTS;
    return `An exported chart holds at most ${max} people (one colour each): remove ${count - max} to export`;
  }
  return null;
}

/** Up to `count` joins that have this metric, worst overall grade first. */
export function defaultPicks(across: MetricAcross, quality: readonly QualityRow[] | null, count = 3): string[] {
  const score = new Map((quality ?? []).map((q) => [q.user_id, badness(q.all)]));
  return [...across.rows]
    .sort((a, b) => (score.get(b.user_id) ?? 0) - (score.get(a.user_id) ?? 0) || a.display_name.localeCompare(b.display_name))
    .slice(0, count)
    .map((r) => r.user_id);
}

export interface StripEntry {
  userId: string;
  name: string;
  value: number;
}

/**
 * Everyone's value at one minute, worst first (highest when higher is worse, else lowest), and
 * how many have no value then.
 */
export function everyoneAt(across: MetricAcross, minute: number): { entries: StripEntry[]; missing: number } {
  const entries: StripEntry[] = [];
  let missing = 0;
  for (const r of across.rows) {
    const v = r.values[minute];
    if (typeof v === 'number' && Number.isFinite(v)) entries.push({ userId: r.user_id, name: r.display_name, value: v });
    else missing++;
  }
  const higherIsWorse = across.limits ? across.limits.higher_is_worse : true;
  entries.sort((a, b) => (higherIsWorse ? b.value - a.value : a.value - b.value) || a.name.localeCompare(b.name));
  return { entries, missing };
}

/** The minute with the worst median (for the strip's first position); 0 when there is none. */
export function worstMinute(across: MetricAcross): number {
  const higherIsWorse = across.limits ? across.limits.higher_is_worse : true;
  let best = -1;
  let bestValue = 0;
  across.median.forEach((v, i) => {
    if (v === null) return;
    if (best < 0 || (higherIsWorse ? v > bestValue : v < bestValue)) {
      best = i;
      bestValue = v;
    }
  });
  return Math.max(0, best);
}

/** Metric choices grouped by their people-level stream ("Audio sent", …), in the order given. */
export function groupByStream<C extends { stream_label: string }>(choices: readonly C[]): { label: string; choices: C[] }[] {
  const groups: { label: string; choices: C[] }[] = [];
  for (const c of choices) {
    const last = groups.at(-1);
    if (last && last.label === c.stream_label) last.choices.push(c);
    else groups.push({ label: c.stream_label, choices: [c] });
  }
  return groups;
}
