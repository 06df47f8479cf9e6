// Asset gold/risk_grid: the winning model's accident probability at points along the road
// network, for each hour and weather of a reference week. It also stores the points' place
// features, so the site can score any date, hour and weather in the browser with the same model.
import { defineAsset } from "../../assets/define.ts";
import { distToNoumeaKm } from "../../features/place.ts";
import { PointIndex } from "../../geo/point-index.ts";
import { RoadFeatureIndex } from "../../geo/road-features.ts";
import type { Lake } from "../../lake/types.ts";
import { type ModelJson, parseModel, predictProba } from "../../ml/model-json.ts";
import { readRoads } from "../silver/read-inputs.ts";
import { replaceArtifacts, writeJsonArtifacts } from "./artifacts.ts";
import { WEATHERS } from "./features.ts";
import { roadGridPoints } from "./grid-points.ts";
import { type LocalDate, type RiskPoint, riskFeatureRow } from "./risk-row.ts";
import { type CellRow, type Column, stageRows } from "./rows.ts";

/** 5 km, as silver's accident_density_5km. */
const DENSITY_RADIUS_M = 5000;

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** Returns the Wednesday and Saturday of the week that starts on the first Monday on or after
 *  8 March of `year`, a school week with no public holiday in New Caledonia. */
export function referenceDays(year: number): { weekday: LocalDate; weekend: LocalDate } {
  // getUTCDay counts from Sunday = 0, so Monday is 1.
  const toMonday = (8 - new Date(Date.UTC(year, 2, 8)).getUTCDay()) % 7;
  const day = (offset: number): LocalDate => {
    const date = new Date(Date.UTC(year, 2, 8 + toMonday + offset));
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  };
  return { weekday: day(2), weekend: day(5) };
}

const POINT_COLUMNS: Column[] = [
  { name: "point_id", type: "INTEGER" },
  { name: "latitude", type: "DOUBLE" },
  { name: "longitude", type: "DOUBLE" },
  { name: "segment_id", type: "VARCHAR" },
  { name: "road_class", type: "VARCHAR" },
  { name: "speed_limit", type: "INTEGER" },
  { name: "dist_to_noumea_km", type: "DOUBLE" },
  { name: "accident_density_5km", type: "INTEGER" },
  { name: "dist_to_road_m", type: "DOUBLE" },
  { name: "n_intersections_200m", type: "INTEGER" },
  { name: "road_length_200m_m", type: "DOUBLE" },
];

const GRID_COLUMNS: Column[] = [
  { name: "point_id", type: "INTEGER" },
  { name: "latitude", type: "DOUBLE" },
  { name: "longitude", type: "DOUBLE" },
  { name: "road_class", type: "VARCHAR" },
  { name: "hour", type: "INTEGER" },
  { name: "weather", type: "VARCHAR" },
  { name: "probability", type: "DOUBLE" },
  { name: "probability_weekday", type: "DOUBLE" },
  { name: "probability_weekend", type: "DOUBLE" },
];

async function readCurrentModel(lake: Lake): Promise<{ model: ModelJson; path: string }> {
  if (!(await lake.tableExists("gold.artifacts"))) {
    throw new Error("gold.artifacts is missing: materialize gold/models first.");
  }
  const view = await lake.read("gold.artifacts");
  const [row] = await lake.query<{ path: string }>(`SELECT path FROM ${view} WHERE name = 'model'`);
  if (!row) throw new Error("gold.artifacts lists no 'model': materialize gold/models first.");
  const text = Buffer.from(await lake.readArtifact(row.path)).toString("utf8");
  return { model: parseModel(text), path: row.path };
}

/** Scores each point for every hour and weather on both reference days. */
export function scoreGrid(
  model: ModelJson,
  points: (RiskPoint & { point_id: number })[],
  days: { weekday: LocalDate; weekend: LocalDate },
): CellRow[] {
  const rows: CellRow[] = [];
  for (const point of points) {
    const features = [days.weekday, days.weekend].flatMap((date) =>
      HOURS.flatMap((hour) =>
        WEATHERS.map((weather) => riskFeatureRow(point, date, hour, weather)),
      ),
    );
    const probabilities = predictProba(model, features);
    const perDay = HOURS.length * WEATHERS.length;

    HOURS.forEach((hour, h) => {
      WEATHERS.forEach((weather, w) => {
        const weekday = probabilities[h * WEATHERS.length + w];
        const weekend = probabilities[perDay + h * WEATHERS.length + w];
        rows.push({
          point_id: point.point_id,
          latitude: point.latitude,
          longitude: point.longitude,
          road_class: point.road_class,
          hour,
          weather,
          // Five weekdays and two weekend days make the week. NOTE: Wednesday stands for every
          // weekday and Saturday for both weekend days, which halves the scoring work.
          probability: (5 * weekday + 2 * weekend) / 7,
          probability_weekday: weekday,
          probability_weekend: weekend,
        });
      });
    });
  }
  return rows;
}

export const goldRiskGrid = defineAsset({
  key: "gold/risk_grid",
  group: "gold",
  deps: ["gold/models", "silver/full_dataset", "bronze/roads"],
  description:
    "Accident probability from the winning model at points along the roads (about " +
    "RISK_GRID_SPACING_M apart) for each hour and weather of a reference week, and the points' " +
    "place features for scoring in the browser.",
  tables: ["gold.risk_points", "gold.risk_grid", "gold.artifacts"],
  codeVersion: "1",
  parameters: (settings) => ({ spacingMeters: settings.riskGridSpacingMeters }),

  async materialize({ lake, tx, settings, runId }) {
    const { model, path } = await readCurrentModel(lake);
    const silver = await lake.read("silver.full_dataset");
    const accidents = await lake.query<{ latitude: number; longitude: number }>(
      `SELECT latitude, longitude FROM ${silver} WHERE is_accident = 1 ORDER BY row_id`,
    );
    const [{ year }] = await lake.query<{ year: number }>(
      `SELECT max(year) AS year FROM ${silver}`,
    );
    const days = referenceDays(Number(year));

    const { segments, intersections } = await readRoads(lake);
    const roads = new RoadFeatureIndex(segments, intersections);
    const accidentIndex = new PointIndex(
      accidents.map((a) => a.longitude),
      accidents.map((a) => a.latitude),
    );

    const points = roadGridPoints(segments, settings.riskGridSpacingMeters).map((p, i) => {
      const road = roads.at(p.latitude, p.longitude);
      return {
        point_id: i + 1,
        latitude: p.latitude,
        longitude: p.longitude,
        segment_id: segments[road.nearestSegment].segmentId,
        road_class: road.road_class,
        speed_limit: road.speed_limit,
        dist_to_noumea_km: distToNoumeaKm(p.latitude, p.longitude),
        accident_density_5km: accidentIndex.countWithinMeters(
          p.latitude,
          p.longitude,
          DENSITY_RADIUS_M,
        ),
        dist_to_road_m: road.dist_to_road_m,
        n_intersections_200m: road.n_intersections_200m,
        road_length_200m_m: road.road_length_200m_m,
      };
    });

    const grid = scoreGrid(model, points, days);
    await tx.createSchema("gold");
    const stagedPoints = await stageRows(lake, "gold_risk_points", POINT_COLUMNS, points);
    const stagedGrid = await stageRows(lake, "gold_risk_grid", GRID_COLUMNS, grid);
    const pointRows = await tx.createOrReplace("gold.risk_points", `SELECT * FROM ${stagedPoints}`);
    const gridRows = await tx.createOrReplace(
      "gold.risk_grid",
      `SELECT * FROM ${stagedGrid} ORDER BY point_id, hour, weather`,
    );

    const records = await writeJsonArtifacts(lake, "risk_grid", runId, {
      risk_grid: {
        model_path: path,
        spacing_m: settings.riskGridSpacingMeters,
        reference_weekday: days.weekday,
        reference_weekend: days.weekend,
        points: points.length,
        probability: "(5 × weekday + 2 × weekend) / 7",
      },
    });
    await replaceArtifacts(lake, tx, records);

    const iso = (d: LocalDate) =>
      `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
    return {
      rows: pointRows + gridRows,
      metadata: { points: points.length, weekday: iso(days.weekday), weekend: iso(days.weekend) },
    };
  },
});
