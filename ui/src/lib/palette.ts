// Series colours: the Okabe–Ito palette from the theme (--series-1 … --series-8).

import { cssVar } from './theme';

const FALLBACK = ['#0072b2', '#009e73', '#cc79a7', '#d55e00', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

/** The theme's series colours, read from `el` (fallbacks when they cannot be read). */
export function seriesColors(el: Element | null): string[] {
  if (!el) return FALLBACK;
  return FALLBACK.map((fallback, i) => cssVar(el, `--series-${i + 1}`, fallback));
}
