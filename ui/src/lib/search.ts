// The one text-search rule of the UI (participants table, affected lists): every word of the
// query must occur in the text, ignoring case and accents ("jose" finds "José").

/** Text folded for searching: accents removed, lower case. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a query, folded. */
export function searchWords(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

/** True when every word occurs in the folded haystack (see {@link foldForSearch}). */
export function matchesWords(foldedHaystack: string, words: readonly string[]): boolean {
  return words.every((w) => foldedHaystack.includes(w));
}
