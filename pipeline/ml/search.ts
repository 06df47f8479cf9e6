// Cross-validation and randomized search. Every candidate is scored by ROC AUC on the held-out
// rows of each split; out-of-fold predictions are kept for calibration and threshold choice.
import type { Dataset } from "./dataset.ts";
import { type Params, sampleParams } from "./fit.ts";
import type { FoldRunner } from "./fold-pool.ts";
import type { Split } from "./folds.ts";
import { mean, rocAuc, standardDeviation } from "./metrics.ts";
import type { ModelFamily } from "./model-json.ts";
import { Random } from "./random.ts";

export interface CrossValidation {
  foldAucs: number[];
  meanAuc: number;
  stdAuc: number;
  /** Uncalibrated prediction of each row by the model that did not train on it (NaN for rows
   *  no split tests, as in temporal validation). */
  outOfFold: Float64Array;
  /** Sum of the fold fits' times, whichever threads ran them. */
  seconds: number;
}

/** Fits one model per split (fold f with seed + f) and scores it on the split's test rows. */
export async function crossValidate(
  runner: FoldRunner,
  family: ModelFamily,
  data: Dataset,
  params: Params,
  splits: Split[],
  seed: number,
): Promise<CrossValidation> {
  const results = await Promise.all(
    splits.map((split, fold) =>
      runner.run({ family, params, seed: seed + fold, train: split.train, test: split.test }),
    ),
  );

  const outOfFold = new Float64Array(data.labels.length).fill(Number.NaN);
  const foldAucs = splits.map((split, fold) => {
    const { predicted } = results[fold];
    split.test.forEach((row, i) => (outOfFold[row] = predicted[i]));
    return rocAuc(
      Array.from(split.test, (row) => data.labels[row]),
      predicted,
    );
  });
  return {
    foldAucs,
    meanAuc: mean(foldAucs),
    stdAuc: standardDeviation(foldAucs),
    outOfFold,
    seconds: results.reduce((sum, r) => sum + r.seconds, 0),
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
 *  returns all candidates, best mean AUC first (ties keep the draw order). All candidates are
 *  submitted at once, so a worker pool stays busy. */
export async function randomizedSearch(
  runner: FoldRunner,
  data: Dataset,
  options: SearchOptions,
): Promise<Candidate[]> {
  const draws = options.families.flatMap((family, f) => {
    const random = new Random(options.seed + 1000 * (f + 1));
    return Array.from({ length: options.candidatesPerFamily }, (_, index) => ({
      family,
      index,
      params: sampleParams(family, random),
    }));
  });

  const candidates = await Promise.all(
    draws.map(async (draw) => {
      const seed = options.seed + draw.index;
      const result = await crossValidate(
        runner,
        draw.family,
        data,
        draw.params,
        options.splits,
        seed,
      );
      const candidate: Candidate = { ...draw, ...result };
      options.onCandidate?.(candidate);
      return candidate;
    }),
  );
  return candidates.sort((a, b) => b.meanAuc - a.meanAuc);
}
