// The open investigation's state: what is on screen while a new meeting's answers are on their way.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findingsFixture, meetingFixture, qualityFixture, timelineFixture } from '../test/fixtures';
import * as api from './api';
import { Investigation } from './investigation.svelte';

vi.mock('./api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./api')>()),
  openStartupMeeting: vi.fn(),
  qualityMap: vi.fn(),
  meetingFindings: vi.fn(),
  participantTimeline: vi.fn(),
}));

const qualityMap = vi.mocked(api.qualityMap);
const meetingFindings = vi.mocked(api.meetingFindings);

beforeEach(() => {
  vi.mocked(api.openStartupMeeting).mockReset().mockResolvedValue(meetingFixture());
  qualityMap.mockReset().mockResolvedValue(qualityFixture());
  meetingFindings.mockReset().mockResolvedValue(findingsFixture());
  vi.mocked(api.participantTimeline).mockReset().mockImplementation(async (id) => timelineFixture(id));
});

describe('Investigation', () => {
  it('drops the last meeting’s findings as soon as another meeting is shown', async () => {
    const inv = new Investigation();
    await inv.openStartup();
    await vi.waitFor(() => expect(inv.findings.status).toBe('ready'));
    // The next meeting's grades are slow to come: its findings are asked only after them.
    let answer: (q: ReturnType<typeof qualityFixture>) => void = () => {};
    qualityMap.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    inv.showMeeting({ ...meetingFixture(), title: 'Another meeting' });
    expect(inv.findings.status).toBe('loading');
    answer(qualityFixture());
    await vi.waitFor(() => expect(inv.findings.status).toBe('ready'));
    expect(meetingFindings).toHaveBeenCalledTimes(2);
  });
});
