import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, formatNumber } from './format';
import { FALLBACK_LOCALE, isUsableLocale, patchNavigatorLanguage, resetLocaleCache, safeLocale } from './locale';

afterEach(() => {
  // Undo patchNavigatorLanguage's own property so that the prototype getter applies again.
  delete (navigator as unknown as Record<string, unknown>).language;
  resetLocaleCache();
});

describe('locale (LANG=C webviews)', () => {
  it('rejects the POSIX "C" locale that Intl would throw on', () => {
    expect(() => new Intl.NumberFormat('C')).toThrow();
    expect(isUsableLocale('C')).toBe(false);
    expect(isUsableLocale('')).toBe(false);
    expect(isUsableLocale(undefined)).toBe(false);
    expect(isUsableLocale('de-DE')).toBe(true);
  });

  it('falls back to en-US and keeps formatting working', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('C');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['C']);
    resetLocaleCache();
    expect(safeLocale()).toBe(FALLBACK_LOCALE);
    expect(formatNumber(1410.5)).toBe('1,410.5');
    expect(formatDate('2026-11-24T10:00:00Z')).toMatch(/2026/);
  });

  it('uses the next usable language when the first is not', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('C');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['C', 'de-DE']);
    resetLocaleCache();
    expect(safeLocale()).toBe('de-DE');
  });

  it('patches navigator.language so libraries reading it at import do not throw', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('C');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue([]);
    resetLocaleCache();
    expect(patchNavigatorLanguage()).toBe(true);
    expect(navigator.language).toBe('en-US');
    expect(() => new Intl.NumberFormat(navigator.language)).not.toThrow();
  });

  it('leaves a usable navigator.language alone', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-FR');
    expect(patchNavigatorLanguage()).toBe(false);
    expect(navigator.language).toBe('fr-FR');
  });
});
