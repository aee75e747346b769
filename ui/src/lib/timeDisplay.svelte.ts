// How times are shown (Settings → Times): this computer's time zone (the default) or UTC. Loaded
// once at start and updated when the Settings screen saves; every time on screen is formatted by
// `format.ts` in that one display zone, labelled.

import { getPreferences } from './api';
import type { TimeZoneDisplay } from './bindings/TimeZoneDisplay';
import { formatDateTimeZoned, setDisplayZone } from './format';

class TimeDisplay {
  #zone = $state<TimeZoneDisplay>('local');

  get zone(): TimeZoneDisplay {
    return this.#zone;
  }

  /** Sets the display zone of every formatter. */
  set zone(zone: TimeZoneDisplay) {
    setDisplayZone(zone);
    this.#zone = zone;
  }

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

/** A date and time in the display zone, labelled: "Tue, Nov 24, 2026, 10:00 EST" or "…, 10:00 UTC". */
export function formatWhen(value: string | null | undefined): string {
  // Read the state so that views showing this re-render when the zone changes.
  void timeDisplay.zone;
  return formatDateTimeZoned(value);
}
