// Time features of a local New Caledonia date and hour, shared by the silver stage, gold scoring
// and the site. Pure TypeScript with no Node imports, so the browser can load it.
import { dayOfWeekMonday0 } from "./calendar-date.ts";
import { isPublicHoliday } from "./holidays.ts";
import { isSchoolHoliday } from "./school-calendar.ts";

export { distToNoumeaKm, NOUMEA_CENTRE } from "./place.ts";
export { isPublicHoliday } from "./holidays.ts";
export { isSchoolHoliday, schoolCalendarIsEstimated } from "./school-calendar.ts";

export interface TimeFeatures {
  hour: number;
  /** Monday = 0 … Sunday = 6. */
  dayofweek: number;
  month: number;
  is_weekend: number;
  is_rush_morning: number;
  is_rush_evening: number;
  is_night: number;
  hour_sin: number;
  hour_cos: number;
  dow_sin: number;
  dow_cos: number;
  is_holiday: number;
  school_holidays: number;
}

// Nouméa's working day starts early (offices and schools open around 7:00-7:30), so the morning
// peak is 6:00-8:59 and the evening peak 16:00-18:59.
const RUSH_MORNING_HOURS = [6, 7, 8];
const RUSH_EVENING_HOURS = [16, 17, 18];

/** Returns true for hours that are dark, or nearly so, all year in Nouméa: 19:00 to 4:59.
 *  NOTE: an estimate. Civil dusk comes at about 19:15 in December and January, and civil dawn
 *  at about 5:00 in November and December. */
function isNightHour(hour: number): boolean {
  return hour >= 19 || hour < 5;
}

const flag = (condition: boolean): number => (condition ? 1 : 0);

/** Computes the time features of a local date and hour (`month` from 1 to 12, `hour` 0-23).
 *  Raises on a date that does not exist, naming the value. */
export function timeFeatures(year: number, month: number, day: number, hour: number): TimeFeatures {
  const valid =
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    Number.isInteger(hour) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate() &&
    hour >= 0 &&
    hour <= 23;
  if (!valid) {
    throw new Error(
      `timeFeatures: invalid date or hour ${year}-${month}-${day} ${hour}h: expected a real ` +
        "calendar date, month 1-12 and hour 0-23.",
    );
  }

  const dayofweek = dayOfWeekMonday0(year, month, day);
  const hourAngle = (2 * Math.PI * hour) / 24;
  const dayAngle = (2 * Math.PI * dayofweek) / 7;

  return {
    hour,
    dayofweek,
    month,
    is_weekend: flag(dayofweek >= 5),
    is_rush_morning: flag(RUSH_MORNING_HOURS.includes(hour)),
    is_rush_evening: flag(RUSH_EVENING_HOURS.includes(hour)),
    is_night: flag(isNightHour(hour)),
    hour_sin: Math.sin(hourAngle),
    hour_cos: Math.cos(hourAngle),
    dow_sin: Math.sin(dayAngle),
    dow_cos: Math.cos(dayAngle),
    is_holiday: flag(isPublicHoliday(year, month, day)),
    school_holidays: flag(isSchoolHoliday(year, month, day)),
  };
}
