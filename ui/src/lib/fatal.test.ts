import { describe, expect, it } from 'vitest';
import { showFatalError } from './fatal';

describe('showFatalError', () => {
  it('replaces the page with a readable, text-only message', () => {
    const target = document.createElement('div');
    target.innerHTML = '<p>Starting QoScope…</p>';
    showFatalError(target, new RangeError('Incorrect locale information provided <b>x</b>'));
    expect(target.textContent).toContain('QoScope could not start its window.');
    expect(target.textContent).toContain('RangeError: Incorrect locale information provided <b>x</b>');
    expect(target.querySelector('b')).toBeNull();
    expect(target.querySelector('[role="alert"]')).not.toBeNull();
  });
});
