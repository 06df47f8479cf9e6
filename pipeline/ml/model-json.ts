// The saved form of a model and the one scoring function that Node and the browser share.
// Browser-safe: imports only pure TypeScript modules of this folder, never Node built-ins.
//
// A model JSON is self-describing: its feature list (names, kinds, categories of categorical
// features), the fitted family (trees or coefficients), the calibration fitted on out-of-fold
// predictions and the decision threshold. `predictProba(model, rows)` encodes rows of named
// feature values with that list, so callers never re-implement the encoding.
import type { BoostingModel } from "./boosting.ts";
import { type LogisticModel, termValue } from "./logistic.ts";
import { type TreeJson, treeValue } from "./tree.ts";

export const MODEL_FORMAT = "accidents-nc-model";
export const MODEL_VERSION = 1;

export type ModelFamily = "random_forest" | "gradient_boosting" | "logistic_regression";
export const MODEL_FAMILIES: ModelFamily[] = [
  "logistic_regression",
  "random_forest",
  "gradient_boosting",
];

/** Kind of a feature. A `categorical` feature is a string, encoded by its `categories`. */
export type FeatureKind = "numeric" | "binary" | "cyclic" | "categorical" | "interaction";

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
  /** Known values of a categorical feature. Trees split on the value's index, and an unknown
   *  value counts as missing. */
  categories?: string[];
}

export type Calibration =
  | { method: "none" }
  /** p' = sigmoid(a · logit(p) + b). */
  | { method: "platt"; a: number; b: number }
  /** p' interpolated linearly between the points (x increasing), constant outside them. */
  | { method: "isotonic"; x: number[]; y: number[] };

export type ParamValue = number | string | boolean;

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  family: ModelFamily;
  features: FeatureSpec[];
  params: Record<string, ParamValue>;
  /** Random forest: probability = mean of the trees' leaf values. */
  forest?: { trees: TreeJson[] };
  /** Gradient boosting: probability = sigmoid(baseScore + sum of the trees' leaf values). */
  boosting?: BoostingModel;
  logistic?: LogisticModel;
  calibration: Calibration;
  /** Calibrated probability at or above which a point is called an accident. */
  threshold?: number;
  /** Facts about the training run (run id, scores); never used for scoring. */
  metadata?: Record<string, ParamValue>;
}

export type FeatureValue = number | string | boolean | null;
export type FeatureRow = Record<string, FeatureValue | undefined>;

/** Encodes rows of named values into one numeric column per feature (NaN = missing). */
export function encodeRows(features: FeatureSpec[], rows: readonly FeatureRow[]): Float64Array[] {
  return features.map((spec) => {
    const column = new Float64Array(rows.length);
    const index = new Map((spec.categories ?? []).map((value, i) => [value, i]));

    for (let i = 0; i < rows.length; i++) {
      const value = rows[i][spec.name];
      if (value === undefined) {
        throw new Error(`encodeRows: row ${i} has no field "${spec.name}"; pass null if missing.`);
      }
      column[i] = encodeValue(spec, value, index, i);
    }
    return column;
  });
}

function encodeValue(
  spec: FeatureSpec,
  value: FeatureValue,
  index: Map<string, number>,
  row: number,
): number {
  if (value === null) return Number.NaN;

  if (spec.kind === "categorical") return index.get(String(value)) ?? Number.NaN;

  if (typeof value === "boolean") return value ? 1 : 0;
  const number = typeof value === "number" ? value : Number(value);
  if (typeof value === "string" && (value.trim() === "" || Number.isNaN(number))) {
    throw new Error(`encodeRows: row ${row}, field "${spec.name}": "${value}" is not a number.`);
  }
  return number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Scores encoded columns with the fitted family, before calibration. */
export function predictUncalibrated(model: ModelJson, columns: ArrayLike<number>[]): Float64Array {
  const n = columns.length > 0 ? columns[0].length : 0;
  const out = new Float64Array(n);

  if (model.family === "random_forest") {
    const trees = requirePart(model.forest, model, "forest").trees;
    for (const tree of trees) for (let i = 0; i < n; i++) out[i] += treeValue(tree, columns, i);
    for (let i = 0; i < n; i++) out[i] /= trees.length;
    return out;
  }

  if (model.family === "gradient_boosting") {
    const boosting = requirePart(model.boosting, model, "boosting");
    out.fill(boosting.baseScore);
    for (const tree of boosting.trees) {
      for (let i = 0; i < n; i++) out[i] += treeValue(tree, columns, i);
    }
    for (let i = 0; i < n; i++) out[i] = sigmoid(out[i]);
    return out;
  }

  const logistic = requirePart(model.logistic, model, "logistic");
  out.fill(logistic.intercept);
  for (const term of logistic.terms) {
    const column = columns[term.feature];
    for (let i = 0; i < n; i++) out[i] += term.coef * termValue(term, column[i]);
  }
  for (let i = 0; i < n; i++) out[i] = sigmoid(out[i]);
  return out;
}

function requirePart<T>(part: T | undefined, model: ModelJson, name: string): T {
  if (part === undefined) {
    throw new Error(`Model of family ${model.family} has no "${name}" section; re-export it.`);
  }
  return part;
}

/** Maps an uncalibrated probability through the model's calibration. */
export function calibrate(calibration: Calibration, p: number): number {
  if (calibration.method === "none") return p;

  if (calibration.method === "platt") {
    const clipped = Math.min(1 - 1e-12, Math.max(1e-12, p));
    return sigmoid(calibration.a * Math.log(clipped / (1 - clipped)) + calibration.b);
  }

  const { x, y } = calibration;
  if (p <= x[0]) return y[0];
  if (p >= x[x.length - 1]) return y[y.length - 1];
  let low = 0;
  let high = x.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (x[middle] <= p) low = middle;
    else high = middle;
  }
  const span = x[high] - x[low];
  return span > 0 ? y[low] + ((p - x[low]) / span) * (y[high] - y[low]) : y[high];
}

/** Returns calibrated accident probabilities for encoded columns. */
export function predictColumns(model: ModelJson, columns: ArrayLike<number>[]): Float64Array {
  const out = predictUncalibrated(model, columns);
  if (model.calibration.method !== "none") {
    for (let i = 0; i < out.length; i++) out[i] = calibrate(model.calibration, out[i]);
  }
  return out;
}

/** Returns the calibrated accident probability of each row of named feature values. */
export function predictProba(model: ModelJson, rows: readonly FeatureRow[]): Float64Array {
  return predictColumns(model, encodeRows(model.features, rows));
}

export function serializeModel(model: ModelJson): string {
  return JSON.stringify(model);
}

/** Parses a model JSON and checks its format, version, family and feature list. */
export function parseModel(text: string): ModelJson {
  const model = JSON.parse(text) as ModelJson;
  if (model?.format !== MODEL_FORMAT) {
    throw new Error(
      `parseModel: format is ${JSON.stringify(model?.format)}; expected "${MODEL_FORMAT}".`,
    );
  }
  if (model.version !== MODEL_VERSION) {
    throw new Error(
      `parseModel: version ${model.version} is not supported; expected ${MODEL_VERSION}.`,
    );
  }
  if (!MODEL_FAMILIES.includes(model.family)) {
    throw new Error(`parseModel: unknown family ${JSON.stringify(model.family)}.`);
  }
  if (!Array.isArray(model.features) || model.features.some((f) => typeof f?.name !== "string")) {
    throw new Error('parseModel: field "features" must be a list of {name, kind}.');
  }
  return model;
}
