// New Caledonia's school calendar. The school year follows the calendar year (southern
// hemisphere): classes start in mid-February and end in mid-December, with four two-week breaks.
//
// Sources (dates as announced for pupils, first day of classes to first day of summer holidays):
// - 2019: vacancescolaires.blogspot.com "Dates vacances scolaires Nouvelle-Calédonie 2019",
//   which cites gouv.nc.
// - 2020: la1ere.francetvinfo.fr, "Le calendrier scolaire change en 2020" (December 2019).
// - 2021: publicholidays.asia "New Caledonia school holidays 2021", amended for the Covid-19
//   lockdown: the October break moved to 25 September–10 October and classes ended on
//   10 December (lnc.nc and la1ere.francetvinfo.fr, September and December 2021).
// - 2022: only the first day of classes, 14 February 2022 (la1ere.francetvinfo.fr, December 2021);
//   its breaks and summer start are estimated as described below.
// - 2023: publicholidays.asia "New Caledonia school holidays 2023".
// - 2024 and 2025: evous.fr, which cites the Gouvernement de la Nouvelle-Calédonie.
// - 2026: first day of classes 16 February 2026 (bee.nc); the rest of 2026 is estimated.
//
// Years with breaks and a summer start below are taken from those sources. Any other year, and
// 2022, is estimated from the nearest sourced year (the later one on a tie). Each boundary keeps
// its month and day, then moves to the nearest date with the same weekday, because the breaks
// start on a Saturday and end on a Sunday. `schoolCalendarIsEstimated(year)` returns which.
// NOTE: closures that were not holidays (Covid-19 lockdowns in 2020 and 2021, the May 2024 riots)
// are not in the table.
import { dayNumber, dayOfWeekMonday0 } from "./calendar-date.ts";

/** A date as `MM-DD` within the entry's year. */
type MonthDay = `${number}-${number}`;

interface SchoolYear {
  year: number;
  /** First day of classes for pupils: the summer holidays of the year before end the day before. */
  firstSchoolDay?: MonthDay;
  /** The four breaks, first and last day inclusive. */
  breaks?: ReadonlyArray<readonly [MonthDay, MonthDay]>;
  /** First day of the summer holidays, which run to the next year's first school day. */
  summerStart?: MonthDay;
}

const SOURCED_YEARS: readonly SchoolYear[] = [
  {
    year: 2019,
    firstSchoolDay: "02-18",
    breaks: [
      ["04-06", "04-14"],
      ["06-08", "06-23"],
      ["08-10", "08-25"],
      ["10-12", "10-27"],
    ],
    summerStart: "12-14",
  },
  {
    year: 2020,
    firstSchoolDay: "02-17",
    breaks: [
      ["04-04", "04-19"],
      ["06-06", "06-21"],
      ["08-08", "08-23"],
      ["10-10", "10-25"],
    ],
    summerStart: "12-19",
  },
  {
    year: 2021,
    firstSchoolDay: "02-15",
    breaks: [
      ["03-27", "04-11"],
      ["06-05", "06-20"],
      ["08-07", "08-22"],
      ["09-25", "10-10"],
    ],
    summerStart: "12-11",
  },
  { year: 2022, firstSchoolDay: "02-14" },
  {
    year: 2023,
    firstSchoolDay: "02-13",
    breaks: [
      ["04-01", "04-16"],
      ["06-03", "06-18"],
      ["08-05", "08-20"],
      ["10-07", "10-22"],
    ],
    summerStart: "12-16",
  },
  {
    year: 2024,
    firstSchoolDay: "02-12",
    breaks: [
      ["03-30", "04-14"],
      ["06-01", "06-16"],
      ["08-03", "08-18"],
      ["10-05", "10-20"],
    ],
    summerStart: "12-14",
  },
  {
    year: 2025,
    firstSchoolDay: "02-17",
    breaks: [
      ["04-05", "04-20"],
      ["06-07", "06-22"],
      ["08-09", "08-24"],
      ["10-11", "10-26"],
    ],
    summerStart: "12-20",
  },
  { year: 2026, firstSchoolDay: "02-16" },
];

/** Years whose calendar is fully sourced; every other year is estimated. */
export const SCHOOL_CALENDAR_SOURCED_YEARS: readonly number[] = SOURCED_YEARS.filter(
  (entry) => entry.breaks && entry.summerStart,
).map((entry) => entry.year);

interface ResolvedYear {
  firstSchoolDay: number;
  breaks: Array<readonly [number, number]>;
  summerStart: number;
}

const resolved = new Map<number, ResolvedYear>();

function parseMonthDay(year: number, monthDay: MonthDay): number {
  const [month, day] = monthDay.split("-").map(Number);
  return dayNumber(year, month, day);
}

/** Moves the reference year's date to the target year, then to the nearest day of the same
 *  weekday (at most three days away). */
function shiftToYear(referenceYear: number, monthDay: MonthDay, targetYear: number): number {
  const [month, day] = monthDay.split("-").map(Number);
  const weekday = dayOfWeekMonday0(referenceYear, month, day);
  const candidate = dayNumber(targetYear, month, day);
  let delta = weekday - dayOfWeekMonday0(targetYear, month, day);
  if (delta > 3) delta -= 7;
  if (delta < -3) delta += 7;
  return candidate + delta;
}

function nearestSourcedYear(year: number): SchoolYear {
  let best: SchoolYear | undefined;
  for (const entry of SOURCED_YEARS) {
    if (!entry.breaks || !entry.summerStart) continue;
    // `<=` keeps the later year on a tie because the list is in increasing order.
    if (!best || Math.abs(entry.year - year) <= Math.abs(best.year - year)) best = entry;
  }
  if (!best) throw new Error("school-calendar.ts: the table of sourced years is empty.");
  return best;
}

function resolveYear(year: number): ResolvedYear {
  const cached = resolved.get(year);
  if (cached) return cached;

  const entry = SOURCED_YEARS.find((candidate) => candidate.year === year);
  const reference = nearestSourcedYear(year);
  const at = (own: MonthDay | undefined, fallback: MonthDay): number =>
    own ? parseMonthDay(year, own) : shiftToYear(reference.year, fallback, year);

  const referenceBreaks = reference.breaks ?? [];
  const result: ResolvedYear = {
    firstSchoolDay: at(entry?.firstSchoolDay, reference.firstSchoolDay ?? "02-15"),
    breaks: (entry?.breaks ?? referenceBreaks).map(([first, last], index) => [
      at(entry?.breaks?.[index][0], first),
      at(entry?.breaks?.[index][1], last),
    ]),
    summerStart: at(entry?.summerStart, reference.summerStart ?? "12-15"),
  };
  resolved.set(year, result);
  return result;
}

/** Returns true when the year's calendar is estimated rather than taken from a source. */
export function schoolCalendarIsEstimated(year: number): boolean {
  return !SCHOOL_CALENDAR_SOURCED_YEARS.includes(year);
}

/** Returns true on a day without classes because of school holidays. Weekends and public
 *  holidays are not counted here, because they have their own features. */
export function isSchoolHoliday(year: number, month: number, day: number): boolean {
  const today = dayNumber(year, month, day);
  const calendar = resolveYear(year);

  if (today < calendar.firstSchoolDay || today >= calendar.summerStart) return true;
  return calendar.breaks.some(([first, last]) => today >= first && today <= last);
}
