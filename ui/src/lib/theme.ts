// Reading the theme's CSS variables for canvas drawing, and noticing OS theme switches.

/** A CSS custom property of `el`, or `fallback` when it is unset or cannot be read. */
export function cssVar(el: Element, name: string, fallback: string): string {
  try {
    const v = getComputedStyle(el).getPropertyValue(name).trim();
    return v || fallback;
  } catch {
    return fallback;
  }
}

/** Calls `onChange` when the OS switches between light and dark; returns the unsubscribe. */
export function onThemeChange(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener?.('change', onChange);
  return () => query.removeEventListener?.('change', onChange);
}

/** Resolves `var(--name)` against `el` (canvas drawing needs a real colour); other colours pass. */
export function resolveColor(el: Element, color: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(color.trim());
  return m ? cssVar(el, m[1], '#0072b2') : color;
}
