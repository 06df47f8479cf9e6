// Model selection on gold.train, without the lake. A randomized search with stratified k-fold CV
// picks the winner. The winner alone then gets spatially blocked and temporal validation,
// calibration on its out-of-fold predictions, a threshold, a refit on all training rows and the
// one score on the test set.
import { chooseCalibration, type CalibrationChoice } from "../../ml/calibration.ts";
import { fitModel } from "../../ml/fit.ts";
import {
  type Split,
  gridCell,
  groupKFold,
  stratifiedKFold,
  temporalSplits,
} from "../../ml/folds.ts";
import { type FeatureImportance, permutationImportance } from "../../ml/importance.ts";
import {
  type CalibrationBin,
  type ConfusionMatrix,
  type XYPoint,
  bestF1Threshold,
  brierScore,
  calibrationBins,
  confusionMatrix,
  prAuc,
  prCurve,
  rocAuc,
  rocCurve,
} from "../../ml/metrics.ts";
import {
  type FeatureSpec,
  type ModelFamily,
  type ModelJson,
  calibrate,
  predictColumns,
} from "../../ml/model-json.ts";
import { type FoldRunner, workerRunner } from "../../ml/fold-pool.ts";
import {
  type Candidate,
  type CrossValidation,
  crossValidate,
  randomizedSearch,
} from "../../ml/search.ts";
import type { GoldRows } from "./load.ts";

export interface SelectionOptions {
  families: ModelFamily[];
  candidatesPerFamily: number;
  folds: number;
  /** Side of the square blocks of the spatial validation, km. */
  spatialBlockKm: number;
  temporalSplits: number;
  importanceRepeats: number;
  /** Worker threads for the cross-validation fits; 1 runs them on the calling thread. */
  workers: number;
  seed: number;
  onCandidate?(candidate: Candidate): void;
}

export const defaultSelectionOptions: Omit<
  SelectionOptions,
  "seed" | "candidatesPerFamily" | "workers"
> = {
  families: ["logistic_regression", "random_forest", "gradient_boosting"],
  folds: 5,
  // 5 km blocks split Nouméa, where most accidents are, into several blocks.
  spatialBlockKm: 5,
  temporalSplits: 3,
  importanceRepeats: 5,
};

export type ValidationKind = "random_cv" | "spatial_cv" | "temporal";

export interface TestMetrics {
  rocAuc: number;
  prAuc: number;
  brier: number;
  threshold: number;
  confusion: ConfusionMatrix;
  rocCurve: XYPoint[];
  prCurve: XYPoint[];
  calibrationBins: CalibrationBin[];
}

export interface Selection {
  candidates: Candidate[];
  winner: Candidate;
  /** The winner's scores under each validation design, random CV being its search score. */
  validations: Record<ValidationKind, CrossValidation>;
  calibration: CalibrationChoice;
  /** The winner refitted on all of gold.train, calibrated, with its threshold. */
  model: ModelJson;
  test: TestMetrics;
  importance: FeatureImportance[];
}

/** Spatial folds: rows grouped by the grid block of their position. */
export function spatialSplits(rows: GoldRows, blockKm: number, k: number, seed: number): Split[] {
  const groups = Array.from(rows.latitudes, (lat, i) => gridCell(lat, rows.longitudes[i], blockKm));
  return groupKFold(groups, k, seed);
}

export async function selectModel(
  train: GoldRows,
  test: GoldRows,
  features: FeatureSpec[],
  options: SelectionOptions,
): Promise<Selection> {
  const runner = workerRunner({ dataset: train.dataset, features }, options.workers);
  try {
    return await selectWith(runner, train, test, features, options);
  } finally {
    await runner.close();
  }
}

async function selectWith(
  runner: FoldRunner,
  train: GoldRows,
  test: GoldRows,
  features: FeatureSpec[],
  options: SelectionOptions,
): Promise<Selection> {
  const { seed } = options;
  const randomSplits = stratifiedKFold(train.dataset.labels, options.folds, seed);
  const candidates = await randomizedSearch(runner, train.dataset, {
    families: options.families,
    candidatesPerFamily: options.candidatesPerFamily,
    splits: randomSplits,
    seed,
    onCandidate: options.onCandidate,
  });
  const winner = candidates[0];

  const validate = (splits: Split[]) =>
    crossValidate(runner, winner.family, train.dataset, winner.params, splits, seed);
  const [spatial, temporal] = await Promise.all([
    validate(spatialSplits(train, options.spatialBlockKm, options.folds, seed)),
    validate(temporalSplits(train.months, options.temporalSplits)),
  ]);
  const validations: Record<ValidationKind, CrossValidation> = {
    random_cv: winner,
    spatial_cv: spatial,
    temporal,
  };

  const calibration = chooseCalibration(train.dataset.labels, winner.outOfFold, seed);
  const calibratedOutOfFold = Array.from(winner.outOfFold, (p) =>
    calibrate(calibration.calibration, p),
  );
  const { threshold } = bestF1Threshold(train.dataset.labels, calibratedOutOfFold);

  const model = fitModel(winner.family, train.dataset, features, winner.params, seed);
  model.calibration = calibration.calibration;
  model.threshold = threshold;

  const probabilities = predictColumns(model, test.dataset.columns);
  const labels = test.dataset.labels;
  const testMetrics: TestMetrics = {
    rocAuc: rocAuc(labels, probabilities),
    prAuc: prAuc(labels, probabilities),
    brier: brierScore(labels, probabilities),
    threshold,
    confusion: confusionMatrix(labels, probabilities, threshold),
    rocCurve: rocCurve(labels, probabilities),
    prCurve: prCurve(labels, probabilities),
    calibrationBins: calibrationBins(labels, probabilities),
  };
  const importance = permutationImportance(
    model,
    test.dataset,
    options.importanceRepeats,
    seed,
  ).sort((a, b) => b.importanceMean - a.importanceMean);

  return { candidates, winner, validations, calibration, model, test: testMetrics, importance };
}
