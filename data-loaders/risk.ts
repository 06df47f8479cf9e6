// The risk map page: the grid points of gold.risk_points with their place features, the model
// JSON to score them in the browser for any date, hour and weather, and a few probabilities of
// gold.risk_grid that the browser's scores must reproduce.
import type { Lake } from "../pipeline/lake/types.ts";
import { WEATHERS } from "../pipeline/stages/gold/features.ts";
import { referenceDays } from "../pipeline/stages/gold/risk-grid.ts";
import { toJsonRows, withFreshLake } from "./lake-access.ts";
import { readModel } from "./model-report.ts";

// Sample of gold.risk_grid rows sent for the browser-versus-Node check.
const CHECK_POINTS = 5;
const CHECK_HOUR = 17;

const POINT_COLUMNS = [
  "point_id", "latitude", "longitude", "road_class", "speed_limit", "dist_to_noumea_km",
  "accident_density_5km", "dist_to_road_m", "n_intersections_200m", "road_length_200m_m",
] as const;

/** Counts the accidents and negatives of silver.full_dataset. The page states this sampling
 *  ratio, because it makes the scores relative rather than absolute probabilities. */
async function samplingCounts(lake: Lake): Promise<{ accidents: number; negatives: number }> {
  const view = await lake.read("silver.full_dataset");
  const [row] = await lake.query<{ accidents: number; negatives: number }>(
    `SELECT count(*) FILTER (WHERE is_accident = 1)::INTEGER AS accidents,
            count(*) FILTER (WHERE is_accident = 0)::INTEGER AS negatives
     FROM ${view}`,
  );
  return row;
}

async function latestYear(lake: Lake): Promise<number> {
  const view = await lake.read("silver.full_dataset");
  const [row] = await lake.query<{ year: number }>(
    `SELECT max(year)::INTEGER AS year FROM ${view}`,
  );
  return row.year;
}

export function loadRiskPoints() {
  return withFreshLake(["gold/risk_grid"], async (lake) => {
    const pointsView = await lake.read("gold.risk_points");
    const rows = toJsonRows(await lake.query(`
      SELECT ${POINT_COLUMNS.join(", ")} FROM ${pointsView} ORDER BY point_id`));

    // Columnar: 1,500 points × 10 fields repeat no key names this way.
    // NOTE: the point count follows RISK_GRID_SPACING_M (1,522 at 500 m for 2020-2021); at the
    // 50 m minimum it would pass 10,000 rows, where a binary format would beat JSON.
    const points = Object.fromEntries(POINT_COLUMNS.map((c) => [c, rows.map((r) => r[c])]));

    const { weekday } = referenceDays(await latestYear(lake));
    const gridView = await lake.read("gold.risk_grid");
    const checks = toJsonRows(await lake.query(`
      SELECT point_id, hour, weather, probability_weekday
      FROM ${gridView}
      WHERE hour = ${CHECK_HOUR} AND weather = 'normal'
      ORDER BY probability_weekday DESC, point_id LIMIT ${CHECK_POINTS}`));

    const pad = (n: number) => String(n).padStart(2, "0");
    return {
      weathers: WEATHERS,
      // The grid's reference weekday: the page opens on it, and `checks` hold gold's scores for it.
      defaultDate: `${weekday.year}-${pad(weekday.month)}-${pad(weekday.day)}`,
      points,
      checks,
      sampling: await samplingCounts(lake),
    };
  });
}

/** Reads the model JSON as gold/models wrote it (670 kB for the forest of 2020-2021). */
export function loadRiskModel() {
  return withFreshLake(["gold/models"], async (lake) => ({ model: await readModel(lake) }));
}
