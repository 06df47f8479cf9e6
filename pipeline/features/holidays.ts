// New Caledonia's public holidays (jours fériés): the French national list without Good Friday
// and Saint Stephen's Day (both Alsace-Moselle only), plus 24 September, the Citizenship Day
// (Fête de la citoyenneté). Checked against the published 2019 list
// (vacancescolaires.blogspot.com, citing gouv.nc) and the 2022 and 2025 lists of
// worldpublicholiday.com and datetimeonline.com.
import { dayNumber, easterSunday } from "./calendar-date.ts";

/** Fixed-date holidays as [month, day]. */
const FIXED_HOLIDAYS: ReadonlyArray<readonly [number, number]> = [
  [1, 1], // New Year's Day
  [5, 1], // Labour Day
  [5, 8], // Victory in Europe Day
  [7, 14], // National Day
  [8, 15], // Assumption
  [9, 24], // Citizenship Day, New Caledonia only
  [11, 1], // All Saints' Day
  [11, 11], // Armistice Day
  [12, 25], // Christmas Day
];

/** Movable holidays as days after Easter Sunday. */
const EASTER_OFFSETS_DAYS = [
  1, // Easter Monday
  39, // Ascension Thursday
  50, // Whit Monday
];

const cache = new Map<number, Set<number>>();

/** Returns the day numbers (days since 1970-01-01) of the year's public holidays. */
export function publicHolidayDays(year: number): Set<number> {
  const cached = cache.get(year);
  if (cached) return cached;

  const days = new Set<number>();
  for (const [month, day] of FIXED_HOLIDAYS) days.add(dayNumber(year, month, day));

  const easter = easterSunday(year);
  const easterDay = dayNumber(year, easter.month, easter.day);
  for (const offset of EASTER_OFFSETS_DAYS) days.add(easterDay + offset);

  cache.set(year, days);
  return days;
}

export function isPublicHoliday(year: number, month: number, day: number): boolean {
  return publicHolidayDays(year).has(dayNumber(year, month, day));
}
