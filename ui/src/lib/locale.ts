// Locale handling that never throws.
//
// A webview started with LANG=C reports a language such as "C" or "c", which is not a valid BCP 47
// tag: `new Intl.NumberFormat("C")` throws a RangeError, and so does uPlot when it is imported
// (it builds a number formatter from `navigator.language` at module load). Everything that
// formats through Intl asks `safeLocale()` instead of reading the navigator directly.

export const FALLBACK_LOCALE = 'en-US';

let cached: string | undefined;

/** True when Intl accepts `tag` for both numbers and dates. */
export function isUsableLocale(tag: unknown): tag is string {
  if (typeof tag !== 'string' || tag.trim() === '') return false;
  try {
    new Intl.NumberFormat(tag);
    new Intl.DateTimeFormat(tag);
    return true;
  } catch {
    return false;
  }
}

function navigatorCandidates(): unknown[] {
  try {
    if (typeof navigator === 'undefined') return [];
    const languages = Array.isArray(navigator.languages) ? navigator.languages : [];
    return [navigator.language, ...languages];
  } catch {
    return [];
  }
}

/** The user's locale if Intl can use it, else `en-US`. */
export function safeLocale(): string {
  if (cached === undefined) {
    cached = navigatorCandidates().find(isUsableLocale) ?? FALLBACK_LOCALE;
  }
  return cached;
}

/** Forget the cached locale (tests, or after the OS language changes). */
export function resetLocaleCache(): void {
  cached = undefined;
}

/**
 * Makes `navigator.language` a usable tag when the real one is not, so that libraries reading it
 * at import time (uPlot) do not throw. Returns true when it had to patch.
 */
export function patchNavigatorLanguage(): boolean {
  try {
    if (typeof navigator === 'undefined' || isUsableLocale(navigator.language)) return false;
    const replacement = safeLocale();
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => replacement });
    return true;
  } catch {
    return false;
  }
}
