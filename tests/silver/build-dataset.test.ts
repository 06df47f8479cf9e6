import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { haversineKm } from "../../pipeline/features/place.ts";
import {
  buildRoadSegments,
  findIntersections,
  type RoadNode,
  type RoadSegment,
} from "../../pipeline/geo/network.ts";
import { RoadFeatureIndex } from "../../pipeline/geo/road-features.ts";
import { readRoadSources } from "../../pipeline/sources/roads.ts";
import { buildFullDataset, type FullDataset } from "../../pipeline/stages/silver/build-dataset.ts";
import {
  assertBlockingChecksPassed,
  runQualityChecks,
} from "../../pipeline/stages/silver/quality.ts";
import type { AccidentInput, FullDatasetRow } from "../../pipeline/stages/silver/types.ts";
import { FULL_DATASET_COLUMNS } from "../../pipeline/stages/silver/types.ts";
import { territoryBox } from "../../pipeline/stages/bronze/territory.ts";
import { loadRealAccidents, ROAD_FILES } from "./real-accidents.ts";

const territory = territoryBox("988");

let accidents: AccidentInput[];
let segments: RoadSegment[];
let intersections: RoadNode[];
let dataset: FullDataset;

before(async () => {
  accidents = await loadRealAccidents();
  const roads = await readRoadSources({
    sources: ROAD_FILES,
    department: "988",
    cacheDir: "unused",
    overpassUrl: "unused",
  });
  segments = buildRoadSegments(roads.lines);
  intersections = findIntersections(segments);
  dataset = buildFullDataset(accidents, segments, intersections, {
    negativesPerAccident: 4,
    seed: 42,
    territory,
  });
});

function positive(numAcc: string): FullDatasetRow {
  const row = dataset.rows.find((r) => r.num_acc === numAcc);
  assert.ok(row, `accident ${numAcc} has a row`);
  return row;
}

describe("buildFullDataset on 2020-2021", () => {
  it("has one positive per accident and four negatives each", () => {
    const positives = dataset.rows.filter((r) => r.is_accident === 1);
    assert.equal(accidents.length, 602);
    assert.equal(positives.length, 602);
    assert.equal(new Set(positives.map((r) => r.num_acc)).size, 602);
    assert.equal(dataset.rows.length - positives.length, 602 * 4);
  });

  it("has no null feature", () => {
    for (const row of dataset.rows) {
      for (const [column] of FULL_DATASET_COLUMNS) {
        if (row.is_accident === 0 && (column === "num_acc" || column === "com")) continue;
        const value = row[column];
        assert.notEqual(value, null, `row ${row.row_id}: ${column} is null`);
        assert.notEqual(value, undefined, `row ${row.row_id}: ${column} is missing`);
        if (typeof value === "number")
          assert.ok(Number.isFinite(value), `row ${row.row_id}: ${column}`);
      }
    }
  });

  it("keeps every negative farther than 300 m from every accident", () => {
    // A plain double loop with a separate distance formula, as an independent check.
    const located = dataset.rows.filter((r) => r.is_accident === 1);
    let closestM = Number.POSITIVE_INFINITY;
    for (const negative of dataset.rows.filter((r) => r.is_accident === 0)) {
      for (const accident of located) {
        const km = haversineKm(
          negative.latitude,
          negative.longitude,
          accident.latitude,
          accident.longitude,
        );
        closestM = Math.min(closestM, km * 1000);
      }
    }
    assert.ok(closestM > 300, `closest negative is ${closestM} m from an accident`);
  });

  it("never counts an accident in its own density", () => {
    const positives = dataset.rows.filter((r) => r.is_accident === 1);
    for (const row of positives) {
      const others = positives.filter(
        (other) =>
          other.num_acc !== row.num_acc &&
          haversineKm(row.latitude, row.longitude, other.latitude, other.longitude) <= 5,
      ).length;
      assert.equal(row.accident_density_5km, others, `accident ${row.num_acc}`);
    }
  });

  it("matches the intersections of Nouméa's accidents", () => {
    const index = new RoadFeatureIndex(segments, intersections);
    const noumea = accidents.filter((a) => a.com === "98818");
    const counts = noumea
      .map((a) => index.at(a.latitude as number, a.longitude as number).n_intersections_200m)
      .sort((a, b) => a - b);
    assert.equal(noumea.length, 339);
    assert.equal(counts.filter((count) => count >= 1).length, 338);
    assert.equal(counts[(counts.length - 1) / 2], 19);
  });

  it("draws negative times mostly from accidents and weather from theirs", () => {
    const share = dataset.stats.negativesWithAccidentTime / (602 * 4);
    // 85 % of 2408 draws: five standard deviations are about 3.6 points.
    assert.ok(share > 0.81, `share ${share}`);
    assert.ok(share < 0.89, `share ${share}`);
    const accidentAtm = new Set(accidents.map((a) => a.atm));
    for (const row of dataset.rows.filter((r) => r.is_accident === 0)) {
      assert.ok(accidentAtm.has(row.atm), `negative ${row.row_id} has atm ${row.atm}`);
    }
  });

  it("moves negatives off the road lines like accidents", () => {
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
    const distances = (label: number, source: string) =>
      dataset.rows
        .filter((r, i) => r.is_accident === label && dataset.stats.roadSourceByRow[i] === source)
        .map((r) => r.dist_to_road_m);
    // Left on the lines, negatives would have a median distance of 0 m.
    for (const source of ["noumea-bdroute", "nc-main-roads"]) {
      const positives = median(distances(1, source));
      const negatives = median(distances(0, source));
      assert.ok(
        negatives > positives / 2,
        `${source}: negatives ${negatives} m, positives ${positives} m`,
      );
      assert.ok(
        negatives < positives * 2,
        `${source}: negatives ${negatives} m, positives ${positives} m`,
      );
    }
  });

  it("passes its blocking quality checks", () => {
    const checks = runQualityChecks(dataset.rows, dataset.stats, 4, territory);
    assert.doesNotThrow(() => assertBlockingChecksPassed(checks));
    assert.ok(checks.some((c) => c.check_name === "nulls:road_class"));
  });
});

describe("hand-checked accident rows", () => {
  it("describes Easter Monday 2020 in Nouméa", () => {
    // 202000025808: 13 April 2020 at 19:05, a Monday, during the April school break.
    const row = positive("202000025808");
    assert.equal(row.hour, 19);
    assert.equal(row.dayofweek, 0);
    assert.equal(row.is_holiday, 1);
    assert.equal(row.school_holidays, 1);
    assert.equal(row.com, "98818");
    assert.ok(Math.abs(row.dist_to_noumea_km - 3.25265) < 1e-4);
  });

  it("describes the Rond-point Impérial on a Friday night", () => {
    // 202000000102: 6 March 2020 at 00:00, a Friday, a school day.
    const row = positive("202000000102");
    assert.equal(row.hour, 0);
    assert.equal(row.dayofweek, 4);
    assert.equal(row.is_holiday, 0);
    assert.equal(row.school_holidays, 0);
    assert.equal(row.is_night, 1);
    assert.ok(Math.abs(row.dist_to_noumea_km - 2.79333) < 1e-4);
  });

  it("describes Christmas Day 2021 in the south", () => {
    // 202100001661: Saturday 25 December 2021 at 14:15, commune 98832.
    const row = positive("202100001661");
    assert.equal(row.hour, 14);
    assert.equal(row.dayofweek, 5);
    assert.equal(row.is_weekend, 1);
    assert.equal(row.is_holiday, 1);
    assert.equal(row.school_holidays, 1);
    assert.ok(Math.abs(row.dist_to_noumea_km - 42.45753) < 1e-4);
  });
});

describe("seeded sampling", () => {
  it("gives the same table for the same seed", () => {
    const again = buildFullDataset(accidents, segments, intersections, {
      negativesPerAccident: 4,
      seed: 42,
      territory,
    });
    assert.deepEqual(again.rows, dataset.rows);
  });

  it("gives other negatives for another seed", () => {
    const other = buildFullDataset(accidents, segments, intersections, {
      negativesPerAccident: 4,
      seed: 7,
      territory,
    });
    assert.notDeepEqual(other.rows[602], dataset.rows[602]);
    assert.deepEqual(
      other.rows.slice(0, 602),
      dataset.rows.slice(0, 602),
      "positives do not change",
    );
  });
});

describe("assertBlockingChecksPassed", () => {
  it("fails on a null feature, naming the check", () => {
    const broken = dataset.rows.map((row) => ({ ...row }));
    (broken[3] as { speed_limit: number | null }).speed_limit = null;
    const checks = runQualityChecks(broken, dataset.stats, 4, territory);
    assert.throws(() => assertBlockingChecksPassed(checks), /nulls:speed_limit: 1 \(expected = 0/);
  });

  it("fails on a point outside the territory", () => {
    const broken = dataset.rows.map((row) => ({ ...row }));
    broken[700].latitude = -10;
    const checks = runQualityChecks(broken, dataset.stats, 4, territory);
    assert.throws(() => assertBlockingChecksPassed(checks), /points_outside_territory: 1 /);
  });
});
