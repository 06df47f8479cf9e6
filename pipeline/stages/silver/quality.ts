// Checks on the built feature rows, written to `silver.quality_report`. A failed blocking check
// fails the asset; the others are there to be read.
import { PointIndex } from "../../geo/point-index.ts";
import type { Box } from "../bronze/territory.ts";
import { insideBox, NEGATIVE_EXCLUSION_RADIUS_M } from "./negatives.ts";
import type { DatasetStats } from "./build-dataset.ts";
import { FULL_DATASET_COLUMNS, type FullDatasetRow, NULLABLE_FOR_NEGATIVES } from "./types.ts";

/** One row of `silver.quality_report`. */
export interface QualityCheck {
  check_name: string;
  value: number;
  threshold: string;
  passed: boolean;
  blocking: boolean;
  detail: string;
}

function isMissing(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value))
  );
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs every check on the rows. `negativesPerAccident` is the configured ratio; `territory` is
 *  the département's box (undefined skips the check, for `ACCIDENTS_DEPARTMENT=all`). */
export function runQualityChecks(
  rows: readonly FullDatasetRow[],
  stats: DatasetStats,
  negativesPerAccident: number,
  territory: Box | undefined,
): QualityCheck[] {
  const checks: QualityCheck[] = [];
  const add = (check: Omit<QualityCheck, "passed">, passed: boolean): void => {
    checks.push({ ...check, passed });
  };
  const positives = rows.filter((row) => row.is_accident === 1);
  const negatives = rows.filter((row) => row.is_accident === 0);
  const expectedPositives = stats.accidents - stats.accidentsWithoutCoordinates.length;

  add(
    {
      check_name: "positives_one_per_accident",
      value: positives.length,
      threshold: `= ${expectedPositives}`,
      blocking: true,
      detail: `${stats.accidents} accidents read, ${expectedPositives} with coordinates`,
    },
    positives.length === expectedPositives,
  );
  add(
    {
      check_name: "accidents_without_coordinates",
      value: stats.accidentsWithoutCoordinates.length,
      threshold: "= 0",
      blocking: false,
      detail: `left out: ${stats.accidentsWithoutCoordinates.slice(0, 10).join(", ") || "none"}`,
    },
    stats.accidentsWithoutCoordinates.length === 0,
  );
  add(
    {
      check_name: "negatives_per_accident",
      value: negatives.length,
      threshold: `= ${positives.length} × ${negativesPerAccident}`,
      blocking: true,
      detail: `NEGATIVES_PER_ACCIDENT=${negativesPerAccident}`,
    },
    negatives.length === positives.length * negativesPerAccident,
  );

  const rowIds = new Set(rows.map((row) => row.row_id));
  add(
    {
      check_name: "duplicate_row_id",
      value: rows.length - rowIds.size,
      threshold: "= 0",
      blocking: true,
      detail: "row_id must be unique",
    },
    rowIds.size === rows.length,
  );
  const accidentIds = new Set(positives.map((row) => row.num_acc));
  add(
    {
      check_name: "duplicate_num_acc",
      value: positives.length - accidentIds.size,
      threshold: "= 0",
      blocking: true,
      detail: "one positive per accident",
    },
    accidentIds.size === positives.length,
  );

  for (const [column] of FULL_DATASET_COLUMNS) {
    const nullable = NULLABLE_FOR_NEGATIVES.includes(column);
    const checked = nullable ? positives : rows;
    const nulls = checked.filter((row) => isMissing(row[column])).length;
    add(
      {
        check_name: `nulls:${column}`,
        value: nulls,
        threshold: "= 0",
        blocking: true,
        detail: nullable ? "positives only: NULL for negatives by design" : "all rows",
      },
      nulls === 0,
    );
  }

  const outside = rows.filter((row) => !insideBox(territory, row.latitude, row.longitude)).length;
  const boxText = territory
    ? `latitude ${territory.minLatitude}…${territory.maxLatitude}, ` +
      `longitude ${territory.minLongitude}…${territory.maxLongitude}`
    : "no box for this département: not checked";
  add(
    {
      check_name: "points_outside_territory",
      value: outside,
      threshold: "= 0",
      blocking: true,
      detail: boxText,
    },
    outside === 0,
  );

  const accidentPoints = new PointIndex(
    positives.map((row) => row.longitude),
    positives.map((row) => row.latitude),
  );
  const tooClose = negatives.filter(
    (row) =>
      accidentPoints.countWithinMeters(row.latitude, row.longitude, NEGATIVE_EXCLUSION_RADIUS_M) >
      0,
  ).length;
  add(
    {
      check_name: "negatives_near_accident",
      value: tooClose,
      threshold: "= 0",
      blocking: true,
      detail: `negatives within ${NEGATIVE_EXCLUSION_RADIUS_M} m of an accident`,
    },
    tooClose === 0,
  );

  const share = rows.length ? positives.length / rows.length : 0;
  const expectedShare = 1 / (1 + negativesPerAccident);
  add(
    {
      check_name: "class_balance",
      value: share,
      threshold: `= ${expectedShare.toFixed(4)}`,
      blocking: false,
      detail: `${positives.length} positives, ${negatives.length} negatives`,
    },
    Math.abs(share - expectedShare) < 1e-9,
  );

  add(
    {
      check_name: "rows_per_source:bronze.accidents_nc",
      value: positives.length,
      threshold: "> 0",
      blocking: false,
      detail: "positives",
    },
    positives.length > 0,
  );
  for (const [source, count] of Object.entries(stats.negativesPerSource).sort()) {
    add(
      {
        check_name: `rows_per_source:roads:${source}`,
        value: count,
        threshold: "> 0",
        blocking: false,
        detail: "negatives sampled on this road source",
      },
      count > 0,
    );
  }

  add(
    {
      check_name: "atm_imputed",
      value: stats.atmImputed,
      threshold: "= 0",
      blocking: false,
      detail: "accidents with unknown weather, given atm = 1 (normal)",
    },
    stats.atmImputed === 0,
  );

  // Negatives are moved off each source's roads by distances drawn from the accidents near that
  // source. A ratio far from 1 means dist_to_road_m separates the classes by construction.
  for (const source of [...new Set(stats.roadSourceByRow)].sort()) {
    const distances = (label: number) =>
      rows
        .filter((row, i) => row.is_accident === label && stats.roadSourceByRow[i] === source)
        .map((row) => row.dist_to_road_m);
    const positiveMedian = median(distances(1));
    const negativeMedian = median(distances(0));
    const ratio = positiveMedian > 0 ? negativeMedian / positiveMedian : Number.NaN;
    add(
      {
        check_name: `dist_to_road_m_median_ratio:${source}`,
        value: ratio,
        threshold: "0.5 … 2",
        blocking: false,
        detail:
          `median distance to the nearest road: negatives ${negativeMedian.toFixed(1)} m, ` +
          `positives ${positiveMedian.toFixed(1)} m`,
      },
      ratio >= 0.5 && ratio <= 2,
    );
  }
  return checks;
}

/** Raises when a blocking check failed, listing each failed check with its value. */
export function assertBlockingChecksPassed(checks: readonly QualityCheck[]): void {
  const failed = checks.filter((check) => check.blocking && !check.passed);
  if (failed.length === 0) return;

  const lines = failed.map(
    (check) =>
      `  ${check.check_name}: ${check.value} (expected ${check.threshold}; ${check.detail})`,
  );
  throw new Error(
    `silver/full_dataset: ${failed.length} blocking quality check(s) failed:\n${lines.join("\n")}`,
  );
}
