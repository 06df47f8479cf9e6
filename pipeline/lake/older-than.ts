// The `--older-than` value of `npm run lake -- gc` and `npm run pipeline -- gc`, parsed in one
// place so both commands accept the same forms.

/** The forms `--older-than` accepts, for help texts and error messages. */
export const OLDER_THAN_FORMS =
  "a number of days such as 30 or 30d, or an ISO date such as 2026-01-31 " +
  "or 2026-01-31T12:00:00Z";

/**
 * Returns the time before which snapshots expire: `now` minus N days for `N` or `Nd` (N may
 * have decimals), or the given ISO date. Raises naming the value and the accepted forms.
 */
export function parseOlderThan(raw: string, now: Date = new Date()): Date {
  const days = /^(\d+(?:\.\d+)?)d?$/.exec(raw);
  // Only ISO dates: Date() alone would also read "30" as the year 2030.
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const date = days
    ? new Date(now.getTime() - Number(days[1]) * 86_400_000)
    : iso.test(raw)
      ? new Date(raw)
      : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`Invalid --older-than ${JSON.stringify(raw)}: expected ${OLDER_THAN_FORMS}.`);
  }
  return date;
}
