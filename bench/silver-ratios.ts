// Cross-validated accuracy of a model trained on the feature store for several
// NEGATIVES_PER_ACCIDENT values, to choose the default (`npm run bench:silver -- --ratios`).
// Gradient boosting with the trainer's default parameters, five spatial folds (5 km cells),
// on the real 2020-2021 accidents and the shared roads, for seeds 1 to 3.
import { ROAD_CLASSES } from "../pipeline/geo/road-classes.ts";
import type { RoadNode, RoadSegment } from "../pipeline/geo/network.ts";
import { takeRows } from "../pipeline/ml/dataset.ts";
import { fitModel } from "../pipeline/ml/fit.ts";
import { gridCell, groupKFold } from "../pipeline/ml/folds.ts";
import { mean, prAuc, rocAuc, standardDeviation } from "../pipeline/ml/metrics.ts";
import { type FeatureSpec, predictColumns } from "../pipeline/ml/model-json.ts";
import { territoryBox } from "../pipeline/stages/bronze/territory.ts";
import { buildFullDataset } from "../pipeline/stages/silver/build-dataset.ts";
import type { AccidentInput, FullDatasetRow } from "../pipeline/stages/silver/types.ts";
import { FULL_DATASET_COLUMNS } from "../pipeline/stages/silver/types.ts";

const IDENTIFIERS = new Set(["row_id", "is_accident", "num_acc", "event_time", "year", "com"]);
const FEATURES = FULL_DATASET_COLUMNS.map(([name]) => name).filter(
  (name) => !IDENTIFIERS.has(name),
);

function encode(rows: FullDatasetRow[]): Float64Array[] {
  return FEATURES.map((name) =>
    Float64Array.from(rows, (row) =>
      name === "road_class" ? ROAD_CLASSES.indexOf(row.road_class) : Number(row[name]),
    ),
  );
}

/** Prints one line per ratio: mean and standard deviation of ROC AUC over folds and seeds, and
 *  PR AUC divided by the share of positives (1 is no better than chance). */
export function compareRatios(
  accidents: AccidentInput[],
  segments: RoadSegment[],
  intersections: RoadNode[],
  ratios: number[],
): void {
  const specs: FeatureSpec[] = FEATURES.map((name) => ({ name, kind: "numeric" }));
  for (const ratio of ratios) {
    const started = performance.now();
    const rocAucs: number[] = [];
    const liftRatios: number[] = [];
    for (const seed of [1, 2, 3]) {
      const { rows } = buildFullDataset(accidents, segments, intersections, {
        negativesPerAccident: ratio,
        seed,
        territory: territoryBox("988"),
      });
      const data = {
        columns: encode(rows),
        labels: Uint8Array.from(rows, (row) => row.is_accident),
      };
      const cells = rows.map((row) => gridCell(row.latitude, row.longitude, 5));
      for (const split of groupKFold(cells, 5, seed)) {
        const test = takeRows(data, split.test);
        const model = fitModel("gradient_boosting", takeRows(data, split.train), specs, {}, seed);
        const scores = predictColumns(model, test.columns);
        rocAucs.push(rocAuc(test.labels, scores));
        liftRatios.push(prAuc(test.labels, scores) / mean(test.labels));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `NEGATIVES_PER_ACCIDENT=${ratio}  ROC AUC ${mean(rocAucs).toFixed(3)} ± ` +
        `${standardDeviation(rocAucs).toFixed(3)}  PR AUC / prevalence ` +
        `${mean(liftRatios).toFixed(2)}  ${seconds.toFixed(1)} s`,
    );
  }
}
