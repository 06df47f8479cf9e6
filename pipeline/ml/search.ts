// Cross-validation and randomized search. Every candidate is scored by ROC AUC on the held-out
// rows of each split; out-of-fold predictions are kept for calibration and threshold choice.
import { type Dataset, takeRows } from "./dataset.ts";
import { type Params, fitModel, sampleParams } from "./fit.ts";
import type { Split } from "./folds.ts";
import { mean, rocAuc, standardDeviation } from "./metrics.ts";
import { type FeatureSpec, type ModelFamily, predictUncalibrated } from "./model-json.ts";
import { Random } from "./random.ts";

export interface CrossValidation {
  foldAucs: number[];
  meanAuc: number;
  stdAuc: number;
  /** Uncalibrated prediction of each row by the model that did not train on it (NaN for rows
   *  no split tests, as in temporal validation). */
  outOfFold: Float64Array;
  seconds: number;
}

export function crossValidate(
  family: ModelFamily,
  data: Dataset,
  features: FeatureSpec[],
  params: Params,
  splits: Split[],
  seed: number,
): CrossValidation {
  const started = performance.now();
  const outOfFold = new Float64Array(data.labels.length).fill(Number.NaN);
  const foldAucs = splits.map((split, fold) => {
    const model = fitModel(family, takeRows(data, split.train), features, params, seed + fold);
    const held = takeRows(data, split.test);
    const predicted = predictUncalibrated(model, held.columns);
    split.test.forEach((row, i) => (outOfFold[row] = predicted[i]));
    return rocAuc(held.labels, predicted);
  });
  return {
    foldAucs,
    meanAuc: mean(foldAucs),
    stdAuc: standardDeviation(foldAucs),
    outOfFold,
    seconds: (performance.now() - started) / 1000,
  };
}

export interface Candidate extends CrossValidation {
  family: ModelFamily;
  /** Position of the candidate in its family's draw, from 0. */
  index: number;
  params: Params;
}

export interface SearchOptions {
  families: ModelFamily[];
  candidatesPerFamily: number;
  splits: Split[];
  seed: number;
  /** Called after each candidate, for progress logs. */
  onCandidate?(candidate: Candidate): void;
}

/** Scores `candidatesPerFamily` random parameter draws of every family on the same splits and
 *  returns all candidates, best mean AUC first. */
export function randomizedSearch(
  data: Dataset,
  features: FeatureSpec[],
  options: SearchOptions,
): Candidate[] {
  const candidates: Candidate[] = [];
  options.families.forEach((family, f) => {
    const random = new Random(options.seed + 1000 * (f + 1));
    for (let index = 0; index < options.candidatesPerFamily; index++) {
      const params = sampleParams(family, random);
      const seed = options.seed + index;
      const result = crossValidate(family, data, features, params, options.splits, seed);
      const candidate = { family, index, params, ...result };
      candidates.push(candidate);
      options.onCandidate?.(candidate);
    }
  });
  // Stable sort: on equal AUC the earlier family and draw wins.
  return candidates.sort((a, b) => b.meanAuc - a.meanAuc);
}
