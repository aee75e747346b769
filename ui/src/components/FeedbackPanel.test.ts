import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { findingsFixture, T0 } from '../test/fixtures';
import FeedbackPanel from './FeedbackPanel.svelte';

describe('FeedbackPanel', () => {
  it('says when QoScope found the cause, in the display zone and labelled', () => {
    // The tests run in Europe/Berlin (vite.config.ts): the cause at 10:02–10:04 UTC is 11:02–11:04 GMT+1.
    const view = findingsFixture();
    const cause = view.causes[0];
    view.feedback = [
      {
        user_name: 'Priya Raman',
        email: null,
        quality: 'NOT GOOD',
        bad: true,
        comment: 'Marcus kept breaking up.',
        date_time: null,
        cause_ids: [cause.cause_id],
        user_ids: ['16778240'],
      },
    ];
    render(FeedbackPanel, { view, onJump: vi.fn() });
    expect(cause.start).toBe(T0 + 120);
    expect(screen.getByTestId('feedback-item').textContent).toContain("sender's uplink at 11:02–11:04 GMT+1");
  });
});
