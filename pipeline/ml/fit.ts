// One entry point to fit any family from JSON-friendly parameters, and the search space the
// randomized search draws candidates from.
import { type BoostingParams, defaultBoostingParams, trainBoosting } from "./boosting.ts";
import type { Dataset } from "./dataset.ts";
import { type ForestParams, defaultForestParams, trainForest } from "./forest.ts";
import { type LogisticParams, defaultLogisticParams, trainLogistic } from "./logistic.ts";
import {
  type FeatureSpec,
  MODEL_FORMAT,
  MODEL_VERSION,
  type ModelFamily,
  type ModelJson,
  type ParamValue,
} from "./model-json.ts";
import type { Random } from "./random.ts";

export type Params = Record<string, ParamValue>;

/** Overlays `params` on the defaults, rejecting unknown names and values of the wrong type. */
function merge<T extends object>(defaults: T, params: Params, family: ModelFamily): T {
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [name, value] of Object.entries(params)) {
    const expected = (defaults as Record<string, unknown>)[name];
    if (expected === undefined) {
      throw new Error(
        `${family}: unknown parameter "${name}"; known: ${Object.keys(defaults).join(", ")}.`,
      );
    }
    if (typeof expected !== typeof value) {
      throw new Error(
        `${family}: parameter "${name}" is ${JSON.stringify(value)}; ` +
          `expected a ${typeof expected}.`,
      );
    }
    merged[name] = value;
  }
  return merged as T;
}

function toParams(params: object): Params {
  return { ...(params as Params) };
}

/** Fits a model of `family` on encoded columns whose meaning `features` describes. */
export function fitModel(
  family: ModelFamily,
  data: Dataset,
  features: FeatureSpec[],
  params: Params,
  seed: number,
): ModelJson {
  if (features.length !== data.columns.length) {
    throw new Error(
      `fitModel: ${features.length} feature specs for ${data.columns.length} columns.`,
    );
  }
  const base: Omit<ModelJson, "params"> = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    family,
    features,
    calibration: { method: "none" },
  };

  if (family === "random_forest") {
    const full = merge<ForestParams>(defaultForestParams, params, family);
    return { ...base, params: toParams(full), forest: { trees: trainForest(data, full, seed) } };
  }

  if (family === "gradient_boosting") {
    const full = merge<BoostingParams>(defaultBoostingParams, params, family);
    return { ...base, params: toParams(full), boosting: trainBoosting(data, full, seed) };
  }

  const full = merge<LogisticParams>(defaultLogisticParams, params, family);
  const categoryCounts = features.map((f) =>
    f.kind === "categorical" ? (f.categories ?? []).length : null,
  );
  return { ...base, params: toParams(full), logistic: trainLogistic(data, categoryCounts, full) };
}

/** Draws one candidate of the randomized search. Ranges suit a few thousand rows: wide enough to
 *  move from under- to over-fitting, small enough that 20 candidates × 5 folds stay fast. */
export function sampleParams(family: ModelFamily, random: Random): Params {
  const classWeight = random.choice(["none", "balanced"]);

  if (family === "random_forest") {
    return {
      nTrees: random.choice([50, 100, 150]),
      maxDepth: random.choice([4, 6, 8, 10, 12, 16]),
      maxFeatures: Number(random.uniform(0.15, 0.7).toFixed(2)),
      minSamplesLeaf: random.choice([1, 2, 4, 8, 16, 32]),
      classWeight,
    };
  }

  if (family === "gradient_boosting") {
    return {
      nTrees: random.choice([50, 100, 150, 200]),
      learningRate: Number(random.logUniform(0.03, 0.3).toPrecision(2)),
      maxDepth: random.choice([2, 3, 4, 5]),
      minSamplesLeaf: random.choice([1, 5, 10, 20, 40]),
      minChildWeight: Number(random.logUniform(0.01, 2).toPrecision(2)),
      lambda: Number(random.logUniform(0.1, 20).toPrecision(2)),
      subsample: Number(random.uniform(0.5, 1).toFixed(2)),
      maxFeatures: Number(random.uniform(0.3, 1).toFixed(2)),
      classWeight,
    };
  }

  return { C: Number(random.logUniform(0.001, 100).toPrecision(2)), classWeight };
}
