// The feature analysis page: distribution of each feature by target, correlations between them,
// and road class and speed limit, aggregated from silver.full_dataset (a few thousand rows).
import type { Lake } from "../pipeline/lake/types.ts";
import { FULL_DATASET_COLUMNS } from "../pipeline/stages/silver/types.ts";
import { toJsonRows, withFreshLake } from "./lake-access.ts";

// Identifiers and the target are not features.
const NOT_FEATURES = new Set(["row_id", "is_accident", "num_acc", "event_time", "year", "com"]);

// Features with at most this many distinct values (hour has 24) are shown as bars per value,
// not as a histogram.
const MAX_CATEGORIES = 24;
const HISTOGRAM_BINS = 20;

export const NUMERIC_FEATURES = FULL_DATASET_COLUMNS
  .filter(([name, type]) => !NOT_FEATURES.has(name) && type !== "VARCHAR")
  .map(([name]) => name);

interface FeatureRange {
  feature: string;
  min: number;
  max: number;
  distinct: number;
}

async function featureRanges(lake: Lake, view: string): Promise<FeatureRange[]> {
  const parts = NUMERIC_FEATURES.map((f) =>
    `min(${f})::DOUBLE AS "${f}__min", max(${f})::DOUBLE AS "${f}__max", ` +
    `count(DISTINCT ${f})::INTEGER AS "${f}__distinct"`);
  const [row] = await lake.query<Record<string, number>>(`SELECT ${parts.join(", ")} FROM ${view}`);
  return NUMERIC_FEATURES.map((feature) => ({
    feature,
    min: row[`${feature}__min`],
    max: row[`${feature}__max`],
    distinct: row[`${feature}__distinct`],
  }));
}

/** Share of each class (accidents, negatives) in each bin or value of the feature. */
async function distribution(lake: Lake, view: string, range: FeatureRange) {
  const categorical = range.distinct <= MAX_CATEGORIES;
  const width = (range.max - range.min) / HISTOGRAM_BINS || 1;
  const bin = categorical
    ? `${range.feature}::DOUBLE`
    : `${range.min} + ${width} * least(floor((${range.feature} - ${range.min}) / ${width}), ` +
      `${HISTOGRAM_BINS - 1})`;
  const rows = await lake.query(`
    SELECT ${bin} AS x, is_accident,
           count(*)::INTEGER AS n,
           count(*) / sum(count(*)) OVER (PARTITION BY is_accident) AS share
    FROM ${view} WHERE ${range.feature} IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2`);
  return {
    feature: range.feature,
    categorical,
    binWidth: categorical ? null : width,
    rows: toJsonRows(rows),
  };
}

async function correlations(lake: Lake, view: string) {
  const pairs: [string, string][] = [];
  for (let i = 0; i < NUMERIC_FEATURES.length; i++) {
    for (let j = i + 1; j < NUMERIC_FEATURES.length; j++) {
      pairs.push([NUMERIC_FEATURES[i], NUMERIC_FEATURES[j]]);
    }
  }
  const select = pairs.map(([a, b], k) => `corr(${a}, ${b}) AS c${k}`).join(", ");
  const [row] = await lake.query<Record<string, number | null>>(`SELECT ${select} FROM ${view}`);
  const cells = pairs.flatMap(([a, b], k) => {
    const value = row[`c${k}`];
    const r = value === null || Number.isNaN(value) ? null : Number(value.toFixed(3));
    return [{ x: a, y: b, r }, { x: b, y: a, r }];
  });
  return [...cells, ...NUMERIC_FEATURES.map((f) => ({ x: f, y: f, r: 1 }))];
}

export function loadFeatureAnalysis() {
  return withFreshLake(["silver/full_dataset"], async (lake) => {
    const view = await lake.read("silver.full_dataset");
    const ranges = await featureRanges(lake, view);
    const distributions = [];
    for (const range of ranges) distributions.push(await distribution(lake, view, range));

    const roadClasses = toJsonRows(await lake.query(`
      SELECT road_class, is_accident, count(*)::INTEGER AS n,
             count(*) / sum(count(*)) OVER (PARTITION BY is_accident) AS share
      FROM ${view} GROUP BY 1, 2 ORDER BY 1, 2`));
    const speedLimits = toJsonRows(await lake.query(`
      SELECT road_class, speed_limit, is_accident, count(*)::INTEGER AS n
      FROM ${view} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`));
    const [counts] = toJsonRows(await lake.query(`
      SELECT count(*) FILTER (WHERE is_accident = 1)::INTEGER AS accidents,
             count(*) FILTER (WHERE is_accident = 0)::INTEGER AS negatives
      FROM ${view}`));

    return {
      counts,
      features: NUMERIC_FEATURES,
      distributions,
      correlations: await correlations(lake, view),
      roadClasses,
      speedLimits,
    };
  });
}
