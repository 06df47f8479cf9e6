import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { easterSunday } from "../../pipeline/features/calendar-date.ts";
import {
  distToNoumeaKm,
  isPublicHoliday,
  isSchoolHoliday,
  schoolCalendarIsEstimated,
  timeFeatures,
} from "../../pipeline/features/time.ts";

describe("easterSunday", () => {
  // Dates from the published Easter tables.
  const cases: Array<[number, number, number]> = [
    [2019, 4, 21],
    [2020, 4, 12],
    [2021, 4, 4],
    [2024, 3, 31],
    [2025, 4, 20],
  ];
  for (const [year, month, day] of cases) {
    it(`finds Easter ${year}`, () => {
      assert.deepEqual(easterSunday(year), { year, month, day });
    });
  }
});

describe("isPublicHoliday", () => {
  it("includes the movable holidays of 2019", () => {
    // New Caledonia's 2019 list: Easter Monday 22 April, Ascension 30 May, Whit Monday 10 June.
    assert.equal(isPublicHoliday(2019, 4, 22), true);
    assert.equal(isPublicHoliday(2019, 5, 30), true);
    assert.equal(isPublicHoliday(2019, 6, 10), true);
  });

  it("matches the published 2022 list", () => {
    const published: Array<[number, number]> = [
      [1, 1],
      [4, 18],
      [5, 1],
      [5, 8],
      [5, 26],
      [6, 6],
      [7, 14],
      [8, 15],
      [9, 24],
      [11, 1],
      [11, 11],
      [12, 25],
    ];
    for (const [month, day] of published) {
      assert.equal(isPublicHoliday(2022, month, day), true, `2022-${month}-${day}`);
    }
    let count = 0;
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= new Date(Date.UTC(2022, month, 0)).getUTCDate(); day++) {
        if (isPublicHoliday(2022, month, day)) count++;
      }
    }
    assert.equal(count, 12);
  });

  it("includes the movable holidays of 2025", () => {
    assert.equal(isPublicHoliday(2025, 4, 21), true);
    assert.equal(isPublicHoliday(2025, 5, 29), true);
    assert.equal(isPublicHoliday(2025, 6, 9), true);
  });

  it("includes Citizenship Day and fixed dates", () => {
    assert.equal(isPublicHoliday(2021, 9, 24), true);
    assert.equal(isPublicHoliday(2020, 7, 14), true);
    assert.equal(isPublicHoliday(2020, 11, 11), true);
  });

  it("excludes Good Friday and ordinary days", () => {
    assert.equal(isPublicHoliday(2025, 4, 18), false);
    assert.equal(isPublicHoliday(2020, 12, 26), false);
    assert.equal(isPublicHoliday(2020, 3, 6), false);
  });
});

describe("isSchoolHoliday", () => {
  it("follows the 2020 calendar", () => {
    assert.equal(isSchoolHoliday(2020, 2, 16), true, "summer holidays before the first day");
    assert.equal(isSchoolHoliday(2020, 2, 17), false, "first day of classes");
    assert.equal(isSchoolHoliday(2020, 4, 10), true, "April break");
    assert.equal(isSchoolHoliday(2020, 4, 20), false, "Monday after the April break");
    assert.equal(isSchoolHoliday(2020, 12, 18), false, "last day of classes");
    assert.equal(isSchoolHoliday(2020, 12, 19), true, "summer holidays");
  });

  it("uses the amended 2021 October break", () => {
    assert.equal(isSchoolHoliday(2021, 10, 1), true);
    assert.equal(isSchoolHoliday(2021, 10, 15), false);
    assert.equal(isSchoolHoliday(2021, 12, 11), true);
  });

  it("estimates 2022 from 2023 but keeps its known first day", () => {
    assert.equal(schoolCalendarIsEstimated(2022), true);
    assert.equal(schoolCalendarIsEstimated(2021), false);
    assert.equal(isSchoolHoliday(2022, 2, 13), true);
    assert.equal(isSchoolHoliday(2022, 2, 14), false);
    // 2023's first break runs from Saturday 1 April to Sunday 16 April. In 2022 the nearest
    // Saturday to 1 April is 2 April, and the nearest Sunday to 16 April is 17 April.
    assert.equal(isSchoolHoliday(2022, 4, 1), false);
    assert.equal(isSchoolHoliday(2022, 4, 2), true);
    assert.equal(isSchoolHoliday(2022, 4, 17), true);
    assert.equal(isSchoolHoliday(2022, 4, 18), false);
  });
});

describe("isSchoolHoliday outside the table", () => {
  it("estimates a year from the nearest sourced one", () => {
    assert.equal(schoolCalendarIsEstimated(2030), true);
    assert.equal(schoolCalendarIsEstimated(2018), true);
    assert.equal(isSchoolHoliday(2030, 1, 15), true, "January is summer holidays");
    assert.equal(isSchoolHoliday(2030, 3, 5), false, "early March is a school day");
    assert.equal(isSchoolHoliday(2018, 12, 28), true, "late December is summer holidays");
  });
});

describe("timeFeatures", () => {
  it("describes Easter Monday 2020 at 19:05", () => {
    const features = timeFeatures(2020, 4, 13, 19);
    assert.equal(features.dayofweek, 0);
    assert.equal(features.is_weekend, 0);
    assert.equal(features.is_holiday, 1);
    assert.equal(features.school_holidays, 1);
    assert.equal(features.is_night, 1);
    assert.equal(features.is_rush_evening, 0);
  });

  it("describes a Sunday morning", () => {
    const features = timeFeatures(2020, 3, 8, 11);
    assert.equal(features.dayofweek, 6);
    assert.equal(features.is_weekend, 1);
    assert.equal(features.month, 3);
  });

  it("places rush hours and night", () => {
    assert.equal(timeFeatures(2021, 6, 1, 7).is_rush_morning, 1);
    assert.equal(timeFeatures(2021, 6, 1, 9).is_rush_morning, 0);
    assert.equal(timeFeatures(2021, 6, 1, 17).is_rush_evening, 1);
    assert.equal(timeFeatures(2021, 6, 1, 4).is_night, 1);
    assert.equal(timeFeatures(2021, 6, 1, 5).is_night, 0);
  });

  it("encodes hour and weekday on circles", () => {
    const six = timeFeatures(2021, 6, 1, 6);
    assert.equal(six.hour_sin, 1);
    assert.ok(Math.abs(six.hour_cos) < 1e-12);
    // 1 June 2021 is a Tuesday: dayofweek 1.
    assert.equal(six.dayofweek, 1);
    assert.ok(Math.abs(six.dow_sin - Math.sin((2 * Math.PI) / 7)) < 1e-12);
  });

  it("rejects a date that does not exist", () => {
    assert.throws(() => timeFeatures(2021, 2, 29, 10), /invalid date or hour 2021-2-29 10h/);
    assert.throws(() => timeFeatures(2021, 1, 1, 24), /hour 0-23/);
  });
});

describe("distToNoumeaKm", () => {
  // Expected values from the spherical law of cosines (R = 6371.0088 km), computed separately.
  it("measures Nouméa's Rond-point Impérial", () => {
    assert.ok(Math.abs(distToNoumeaKm(-22.25012, 166.45155) - 2.79333) < 1e-4);
  });

  it("measures a point on the RT3", () => {
    assert.ok(Math.abs(distToNoumeaKm(-20.934577, 165.329261) - 188.23133) < 1e-4);
  });
});
