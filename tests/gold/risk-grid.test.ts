import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { type LonLat, distanceMeters } from "../../pipeline/geo/distance.ts";
import type { RoadSegment } from "../../pipeline/geo/network.ts";
import { parseModel, predictProba } from "../../pipeline/ml/model-json.ts";
import { goldDatasets } from "../../pipeline/stages/gold/datasets.ts";
import { roadGridPoints } from "../../pipeline/stages/gold/grid-points.ts";
import { goldModels } from "../../pipeline/stages/gold/models.ts";
import { goldRiskGrid, referenceDays } from "../../pipeline/stages/gold/risk-grid.ts";
import { type RiskPoint, riskFeatureRow } from "../../pipeline/stages/gold/risk-row.ts";
import { stageRows } from "../../pipeline/stages/gold/rows.ts";
import {
  type TestLake,
  materializeAsset,
  openTestLake,
  silverRows,
  writeSilverDataset,
} from "./support.ts";

test("referenceDays picks a March week", () => {
  // 8 March 2021 is a Monday; in 2020 it is a Sunday, so the week starts on the 9th.
  assert.deepEqual(referenceDays(2021), {
    weekday: { year: 2021, month: 3, day: 10 },
    weekend: { year: 2021, month: 3, day: 13 },
  });
  assert.deepEqual(referenceDays(2020).weekday, { year: 2020, month: 3, day: 11 });
});

function segment(segmentId: string, coordinates: LonLat[]): RoadSegment {
  return {
    segmentId,
    coordinates,
    roadClass: "primary",
    speedLimit: 90,
    speedImputed: false,
    name: null,
    lengthM: 0,
    source: "test",
  };
}

test("roadGridPoints covers a road at the spacing", () => {
  // 0.02° of longitude at 22° S is about 2.06 km.
  const road = segment("a", [
    [166.4, -22.0],
    [166.41, -22.0],
    [166.42, -22.0],
  ]);
  const points = roadGridPoints([road], 500);
  assert.ok(points.length >= 4, `${points.length} points`);
  assert.ok(points.length <= 7, `${points.length} points`);

  // Every 50 m along the road lies within a cell diagonal (707 m) of a kept point.
  for (let lon = 166.4; lon <= 166.42; lon += 0.0005) {
    const nearest = Math.min(
      ...points.map((p) => distanceMeters([lon, -22.0], [p.longitude, p.latitude])),
    );
    assert.ok(nearest <= 707, `${lon.toFixed(4)}: nearest point ${nearest.toFixed(0)} m away`);
  }

  // The same road listed twice adds no point.
  assert.equal(roadGridPoints([road, segment("b", road.coordinates)], 500).length, points.length);
});

const point: RiskPoint = {
  latitude: -22.27,
  longitude: 166.44,
  road_class: "primary",
  speed_limit: 90,
  dist_to_noumea_km: 0.5,
  accident_density_5km: 120,
  dist_to_road_m: 0,
  n_intersections_200m: 4,
  road_length_200m_m: 900,
};

test("riskFeatureRow builds time and weather", () => {
  // Wednesday 10 March 2021 at 8:00 in heavy rain (BAAC atm 3).
  const row = riskFeatureRow(point, { year: 2021, month: 3, day: 10 }, 8, "heavy_rain");
  assert.equal(row.atm, 3);
  assert.equal(row.dayofweek, 2);
  assert.equal(row.is_rush_morning, 1);
  assert.equal(row.is_weekend, 0);
  assert.equal(row.lat_hour, -22.27 * 8);
  assert.equal(row.lon_dayofweek, 166.44 * 2);
  assert.equal(row.month_dayofweek, 6);
  assert.equal(row.road_class, "primary");
  assert.throws(
    () => riskFeatureRow(point, { year: 2021, month: 3, day: 10 }, 8, "snow"),
    /unknown weather "snow"/,
  );
});

describe("gold/risk_grid on a tiny lake", () => {
  let lake: TestLake;
  before(async () => {
    lake = await openTestLake({
      MODEL_SEARCH_CANDIDATES: "1",
      MODEL_WORKERS: "1",
      RISK_GRID_SPACING_M: "1000",
    });
    await writeSilverDataset(lake.lake, silverRows(40, 3));
    const roads = await stageRows(
      lake.lake,
      "test_roads",
      [
        { name: "segment_id", type: "VARCHAR" },
        { name: "geometry_wkt", type: "VARCHAR" },
        { name: "road_class", type: "VARCHAR" },
        { name: "speed_limit", type: "INTEGER" },
        { name: "speed_imputed", type: "BOOLEAN" },
        { name: "name", type: "VARCHAR" },
        { name: "length_m", type: "DOUBLE" },
        { name: "source", type: "VARCHAR" },
      ],
      [
        {
          segment_id: "s1",
          geometry_wkt: "LINESTRING (166.43 -22.27, 166.46 -22.27)",
          road_class: "primary",
          speed_limit: 70,
          speed_imputed: false,
          name: "A",
          length_m: 3090,
          source: "test",
        },
        {
          segment_id: "s2",
          geometry_wkt: "LINESTRING (166.46 -22.27, 166.46 -22.29)",
          road_class: "residential",
          speed_limit: 50,
          speed_imputed: true,
          name: null,
          length_m: 2220,
          source: "test",
        },
      ],
    );
    const nodes = await stageRows(
      lake.lake,
      "test_nodes",
      [
        { name: "node_id", type: "BIGINT" },
        { name: "latitude", type: "DOUBLE" },
        { name: "longitude", type: "DOUBLE" },
        { name: "degree", type: "INTEGER" },
      ],
      [{ node_id: 1, latitude: -22.27, longitude: 166.46, degree: 3 }],
    );
    await lake.lake.commit({ message: "test roads" }, async (tx) => {
      await tx.createSchema("bronze");
      await tx.createOrReplace("bronze.roads", `SELECT * FROM ${roads}`);
      await tx.createOrReplace("bronze.road_nodes", `SELECT * FROM ${nodes}`);
    });
    await materializeAsset(lake, goldDatasets);
    await materializeAsset(lake, goldModels);
    await materializeAsset(lake, goldRiskGrid);
  });
  after(async () => lake?.close());

  test("grid has 24 hours × 4 weathers per point", async () => {
    const points = await lake.lake.read("gold.risk_points");
    const grid = await lake.lake.read("gold.risk_grid");
    const [counts] = await lake.lake.query<{ points: number; rows: number; bad: number }>(
      `SELECT (SELECT count(*) FROM ${points}) AS points, count(*) AS rows,
              count(*) FILTER (WHERE NOT (probability BETWEEN 0 AND 1)
                OR abs(probability - (5 * probability_weekday + 2 * probability_weekend) / 7)
                   > 1e-12) AS bad
         FROM ${grid}`,
    );
    assert.ok(Number(counts.points) >= 5, `${counts.points} points on 5.3 km of road`);
    assert.equal(Number(counts.rows), Number(counts.points) * 96);
    assert.equal(Number(counts.bad), 0);
  });

  test("browser scoring reproduces the grid", async () => {
    const artifacts = await lake.lake.read("gold.artifacts");
    const [{ path }] = await lake.lake.query<{ path: string }>(
      `SELECT path FROM ${artifacts} WHERE name = 'model'`,
    );
    const model = parseModel(Buffer.from(await lake.lake.readArtifact(path)).toString());

    const [stored] = await lake.lake.query<RiskPoint & { point_id: number; weekday: number }>(
      `SELECT p.*, g.probability_weekday AS weekday
         FROM gold_risk_points p JOIN gold_risk_grid g USING (point_id)
        WHERE g.hour = 17 AND g.weather = 'light_rain' ORDER BY point_id LIMIT 1`,
    );
    // The silver rows end in 2021, so the reference Wednesday is 10 March 2021.
    const row = riskFeatureRow(stored, { year: 2021, month: 3, day: 10 }, 17, "light_rain");
    const [probability] = predictProba(model, [row]);
    assert.ok(
      Math.abs(probability - stored.weekday) <= 1e-12,
      `${probability} vs ${stored.weekday}`,
    );
  });
});
