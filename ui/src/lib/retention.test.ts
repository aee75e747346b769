import { describe, expect, it } from 'vitest';
import { retentionRule } from './retention';

describe('retentionRule', () => {
  it('says that nothing is deleted when the rule is off', () => {
    expect(retentionRule(null)).toContain('Nothing is deleted automatically');
    expect(retentionRule(undefined)).toContain('Nothing is deleted automatically');
  });

  it('names the limit in days', () => {
    expect(retentionRule(30)).toBe('Investigations saved or refreshed more than 30 days ago are deleted automatically.');
    expect(retentionRule(1)).toContain('more than 1 day ago');
  });
});
