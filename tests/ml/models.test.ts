import assert from "node:assert/strict";
import { test } from "node:test";

import { takeRows } from "../../pipeline/ml/dataset.ts";
import { fitModel } from "../../pipeline/ml/fit.ts";
import { stratifiedHoldout } from "../../pipeline/ml/folds.ts";
import { rocAuc } from "../../pipeline/ml/metrics.ts";
import {
  type FeatureRow,
  type FeatureSpec,
  type ModelJson,
  parseModel,
  predictColumns,
  predictProba,
  serializeModel,
} from "../../pipeline/ml/model-json.ts";
import { Random } from "../../pipeline/ml/random.ts";
import { syntheticDataset } from "../../pipeline/ml/synthetic.ts";

const numeric = (name: string): FeatureSpec => ({ name, kind: "numeric" });

test("forest stump finds the cut", () => {
  const data = {
    columns: [Float64Array.from([1, 2, 3, 4])],
    labels: Uint8Array.from([0, 0, 1, 1]),
  };
  const params = { nTrees: 1, maxDepth: 1, maxFeatures: 1, bootstrap: false };
  const model = fitModel("random_forest", data, [numeric("x")], params, 1);

  const tree = model.forest?.trees[0];
  assert.deepEqual(tree, {
    feature: [0],
    threshold: [2.5],
    left: [-1],
    right: [-2],
    value: [0, 1],
  });
  const rows = [{ x: 2.4 }, { x: 2.5 }, { x: 2.6 }, { x: null }];
  // Missing values go left, like bin 0 in training.
  assert.deepEqual(Array.from(predictProba(model, rows)), [0, 0, 1, 0]);
});

test("logistic matches closed form", () => {
  // One binary feature: 1 accident in 4 rows at x = 0, 3 in 4 at x = 1. Without penalty the
  // maximum-likelihood fit reproduces both rates exactly.
  const data = {
    columns: [Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1])],
    labels: Uint8Array.from([1, 0, 0, 0, 1, 1, 1, 0]),
  };
  const model = fitModel("logistic_regression", data, [numeric("x")], { C: 1e9 }, 1);
  const [low, high] = predictProba(model, [{ x: 0 }, { x: 1 }]);
  assert.ok(Math.abs(low - 0.25) < 1e-6, `p(x=0) = ${low}`);
  assert.ok(Math.abs(high - 0.75) < 1e-6, `p(x=1) = ${high}`);
  // Standardised x is ±1, so the coefficient is half of logit(0.75) − logit(0.25) = ln 3.
  assert.ok(Math.abs((model.logistic?.terms[0].coef ?? 0) - Math.log(3)) < 1e-6);
});

test("logistic one-hot encodes categories", () => {
  const road = { name: "road_class", kind: "categorical", categories: ["primary", "residential"] };
  const data = {
    columns: [Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1])],
    labels: Uint8Array.from([1, 1, 1, 0, 1, 0, 0, 0]),
  };
  const model = fitModel("logistic_regression", data, [road as FeatureSpec], { C: 1e9 }, 1);
  const rows = [{ road_class: "primary" }, { road_class: "residential" }];
  const [primary, residential] = predictProba(model, rows);
  assert.ok(Math.abs(primary - 0.75) < 1e-5);
  assert.ok(Math.abs(residential - 0.25) < 1e-5);
  assert.throws(() => predictProba(model, [{}]), /row 0 has no field "road_class"/);
});

const data = syntheticDataset(3000, 12, 11);
const split = stratifiedHoldout(data.labels, 0.3, 5);
const train = takeRows(data, split.train);
const test_ = takeRows(data, split.test);
const features = data.columns.map((_, j) => numeric(`x${j}`));

function holdoutAuc(model: ModelJson): number {
  return rocAuc(test_.labels, predictColumns(model, test_.columns));
}

test("trees learn XOR, logistic cannot", () => {
  // Accident when exactly one of x0, x1 is positive (90 % of the time): no straight line
  // separates the classes, so a linear model stays near AUC 0.5 while trees split twice.
  const random = new Random(8);
  const make = (n: number) => {
    const columns = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (const column of columns) column[i] = Math.round(random.uniform(-1, 1) * 100) / 100;
      const xor = columns[0][i] > 0 !== columns[1][i] > 0;
      labels[i] = random.next() < 0.9 === xor ? 1 : 0;
    }
    return { columns, labels };
  };
  const xorTrain = make(2000);
  const xorTest = make(2000);
  const specs = ["x0", "x1", "noise"].map(numeric);
  const auc = (model: ModelJson) => rocAuc(xorTest.labels, predictColumns(model, xorTest.columns));

  const logistic = auc(fitModel("logistic_regression", xorTrain, specs, {}, 3));
  const forest = auc(fitModel("random_forest", xorTrain, specs, { nTrees: 30, maxFeatures: 1 }, 3));
  const boosting = auc(fitModel("gradient_boosting", xorTrain, specs, { nTrees: 50 }, 3));
  assert.ok(logistic < 0.6, `logistic AUC ${logistic}`);
  assert.ok(forest > 0.85, `forest AUC ${forest}`);
  assert.ok(boosting > 0.85, `boosting AUC ${boosting}`);
});

test("families beat chance on synthetic data", () => {
  const logistic = fitModel("logistic_regression", train, features, {}, 3);
  const forest = fitModel("random_forest", train, features, { nTrees: 60 }, 3);
  const boosting = fitModel("gradient_boosting", train, features, { nTrees: 80 }, 3);
  for (const model of [logistic, forest, boosting]) {
    const auc = holdoutAuc(model);
    assert.ok(auc > 0.7, `${model.family} AUC ${auc}`);
  }
});

test("same seed gives same model", () => {
  const first = fitModel("random_forest", train, features, { nTrees: 5 }, 9);
  const again = fitModel("random_forest", train, features, { nTrees: 5 }, 9);
  const other = fitModel("random_forest", train, features, { nTrees: 5 }, 10);
  assert.equal(serializeModel(first), serializeModel(again));
  assert.notEqual(serializeModel(first), serializeModel(other));
});

test("JSON round trip keeps probabilities", () => {
  const rows: FeatureRow[] = Array.from({ length: 200 }, (_, i) =>
    Object.fromEntries(features.map((f, j) => [f.name, test_.columns[j][i]])),
  );
  rows[0].x0 = null;
  const params = { random_forest: { nTrees: 20 }, gradient_boosting: { nTrees: 30 } };
  for (const family of ["random_forest", "gradient_boosting", "logistic_regression"] as const) {
    const model = fitModel(
      family,
      train,
      features,
      family === "logistic_regression" ? {} : params[family],
      4,
    );
    model.calibration = { method: "platt", a: 1.3, b: -0.2 };
    const loaded = parseModel(serializeModel(model));
    const before = predictProba(model, rows);
    const after = predictProba(loaded, rows);
    for (let i = 0; i < rows.length; i++) {
      assert.ok(Math.abs(before[i] - after[i]) <= 1e-9, `${family} row ${i}`);
    }
  }
});

test("parseModel rejects foreign JSON", () => {
  assert.throws(() => parseModel('{"format":"sklearn"}'), /format is "sklearn"/);
});
