// Series colours: the Okabe–Ito palette from the theme (--series-1 … --series-8), referenced
// as `var(--series-N)` so that CSS uses them directly and canvas code resolves them when it draws.

const COUNT = 8;

/** `var(--series-N)` for the i-th series (cycling). */
export function seriesColor(i: number): string {
  return `var(--series-${(((i % COUNT) + COUNT) % COUNT) + 1})`;
}
