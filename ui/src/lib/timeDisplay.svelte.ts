// How times are shown (Settings → Times): this computer's time zone or UTC. Loaded once at start
// and updated when the Settings screen saves; views format times through `formatWhen`.

import { getPreferences } from './api';
import type { TimeZoneDisplay } from './bindings/TimeZoneDisplay';
import { formatDateTime, formatUtc } from './format';

class TimeDisplay {
  zone = $state<TimeZoneDisplay>('local');

  /** Reads the stored setting (keeps local time when it cannot be read). */
  async load(): Promise<void> {
    try {
      this.zone = (await getPreferences()).time_zone;
    } catch {
      // The Settings screen shows why; times stay in local time meanwhile.
    }
  }
}

export const timeDisplay = new TimeDisplay();

/** A date and time in the chosen zone: "Tue, Nov 24, 2026, 10:00" or "2026-11-24 10:00 UTC". */
export function formatWhen(value: string | null | undefined): string {
  return timeDisplay.zone === 'utc' ? formatUtc(value) : formatDateTime(value);
}
