import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  document.body.innerHTML = '<div id="app"><p class="boot-message">Starting QoScope…</p></div>';
});

afterEach(() => {
  vi.doUnmock('./App.svelte');
});

describe('main.ts', () => {
  it('shows a visible error when the UI modules fail to load', async () => {
    vi.doMock('./App.svelte', () => {
      throw new RangeError('Incorrect locale information provided');
    });
    await import('./main');
    const app = document.getElementById('app')!;
    await vi.waitFor(() => expect(app.textContent).toContain('QoScope could not start its window.'));
    expect(app.textContent).not.toContain('Starting QoScope…');
  });

  it('shows a visible error when mounting throws', async () => {
    vi.doMock('./App.svelte', () => ({
      default: () => {
        throw new RangeError('Incorrect locale information provided');
      },
    }));
    await import('./main');
    const app = document.getElementById('app')!;
    await vi.waitFor(() => expect(app.textContent).toContain('QoScope could not start its window.'));
    expect(app.textContent).toContain('RangeError: Incorrect locale information provided');
  });
});
