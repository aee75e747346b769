// Zoom's own verdict (audio_quality, video_quality, screen_share_quality) beside QoScope's, as
// the table and the participant facts show it. Whether the two disagree is decided in Rust
// (`qoscope_diagnosis::zoom_verdict`) and arrives as `disagree`; this module only words it,
// the same way the PDF and `qoscope summary` do. Pure, so it is tested without a DOM.

import type { MediumVerdictView } from './bindings/MediumVerdictView';
import type { QualityWord } from './bindings/QualityWord';
import type { ZoomVerdictView } from './bindings/ZoomVerdictView';

export type VerdictMedium = keyof ZoomVerdictView;

export const VERDICT_MEDIA: readonly { key: VerdictMedium; label: string }[] = [
  { key: 'audio', label: 'Audio' },
  { key: 'video', label: 'Video' },
  { key: 'screen_share', label: 'Screen share' },
];

/** The mark of a disagreement: text, so it never relies on colour alone. */
export const DISAGREE_MARK = '≠';

const WORD_RANK: Record<QualityWord, number> = { good: 1, fair: 2, poor: 3, bad: 4 };

/** "Zoom: good · QoScope: poor ≠" (the mark only when they disagree). */
export function verdictText(v: MediumVerdictView): string {
  const text = `Zoom: ${v.zoom ?? 'not rated'} · QoScope: ${v.qoscope ?? 'no data'}`;
  return v.disagree ? `${text} ${DISAGREE_MARK}` : text;
}

/** One line per medium: "Audio — Zoom: good · QoScope: poor ≠". */
export function verdictLines(v: ZoomVerdictView): string[] {
  return VERDICT_MEDIA.map((m) => `${m.label} — ${verdictText(v[m.key])}`);
}

/** The media on which Zoom and QoScope disagree, as labels. */
export function disagreeingMedia(v: ZoomVerdictView): string[] {
  return VERDICT_MEDIA.filter((m) => v[m.key].disagree).map((m) => m.label);
}

/** Zoom's worst word over the media it rated (`null`: it rated none). */
export function zoomWorst(v: ZoomVerdictView): QualityWord | null {
  let worst: QualityWord | null = null;
  for (const m of VERDICT_MEDIA) {
    const w = v[m.key].zoom;
    if (w && (!worst || WORD_RANK[w] > WORD_RANK[worst])) worst = w;
  }
  return worst;
}

export interface VerdictCell {
  /** What the cell shows: "≠ Audio", "fair", or "—". */
  text: string;
  disagree: boolean;
  /** Tooltip and accessible name: every medium's verdicts. */
  title: string;
}

/**
 * The table's compact "Zoom" cell: where Zoom and QoScope disagree, the mark and the media;
 * otherwise Zoom's worst word; "—" when Zoom rated nothing.
 */
export function verdictCell(v: ZoomVerdictView): VerdictCell {
  const differ = disagreeingMedia(v);
  const worst = zoomWorst(v);
  const lines = verdictLines(v);
  if (differ.length > 0) {
    return {
      text: `${DISAGREE_MARK} ${differ.join(', ')}`,
      disagree: true,
      title: [`Zoom's verdict contradicts QoScope's on ${differ.join(', ').toLowerCase()}`, ...lines].join('\n'),
    };
  }
  if (!worst) {
    return {
      text: '—',
      disagree: false,
      title: ["Zoom gave no verdict (the account may not enable quality scores)", ...lines].join('\n'),
    };
  }
  return { text: worst, disagree: false, title: [`Zoom's worst verdict: ${worst}`, ...lines].join('\n') };
}

/** Sort rank: disagreements first (worst first), then Zoom's worst word, then not rated. */
export function verdictRank(v: ZoomVerdictView | null | undefined): number {
  if (!v) return 0;
  if (disagreeingMedia(v).length > 0) return 10;
  const worst = zoomWorst(v);
  return worst ? WORD_RANK[worst] : 0;
}
