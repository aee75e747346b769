// How long saved investigations are kept (Settings' retention rule), in words for the Saved
// investigations and Settings screens. The rule itself is applied in Rust (qoscope-api's
// retention module); this only says it.

/** The retention periods Settings accepts, in days (qoscope-api's RETENTION_DAYS). */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;
/** What the days field starts at when automatic deletion is turned on. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The rule as one sentence; `null`/absent: off. */
export function retentionRule(days: number | null | undefined): string {
  if (days == null) {
    return 'Nothing is deleted automatically: saved investigations stay on this computer until you delete them.';
  }
  const span = days === 1 ? '1 day' : `${days} days`;
  return `Investigations saved or refreshed more than ${span} ago are deleted automatically.`;
}
