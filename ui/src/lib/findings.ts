// What the findings panel derives from a cause: how many people it affected, and the name search
// of its affected list.

import type { FindingRow } from './bindings/FindingRow';
import { foldForSearch, matchesWords, searchWords } from './search';

/**
 * The people a cause's findings are about: joins of one person (rejoins) count once. Joins the
 * meeting does not list count by their own id.
 */
export function affectedCount(findings: readonly FindingRow[], personOf: ReadonlyMap<string, number>): number {
  const seen = new Set<string>();
  for (const f of findings) {
    const person = personOf.get(f.user_id);
    seen.add(person === undefined ? `join:${f.user_id}` : `person:${person}`);
  }
  return seen.size;
}

/** True when the name matches the search query (the UI's one search rule, `search.ts`). */
export function matchesQuery(name: string, query: string): boolean {
  return matchesWords(foldForSearch(name), searchWords(query));
}
