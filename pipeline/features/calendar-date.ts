// Calendar arithmetic on plain dates (no time zone): BAAC times are local New Caledonia times,
// so every date here is handled as a UTC date to keep the host's zone out of the results.

/** A date of the Gregorian calendar; `month` runs from 1 to 12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;

/** Returns the days since 1970-01-01 of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Returns the day of the week with Monday = 0 … Sunday = 6. */
export function dayOfWeekMonday0(year: number, month: number, day: number): number {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  return (((dayNumber(year, month, day) + 3) % 7) + 7) % 7;
}

/** Computes Easter Sunday of the Gregorian calendar with the anonymous Gregorian algorithm
 *  (Meeus, Jones, Butcher), valid for any year after 1583. Example: 2020 → April 12. */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}
