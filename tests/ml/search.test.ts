import assert from "node:assert/strict";
import { test } from "node:test";

import { localRunner, workerRunner } from "../../pipeline/ml/fold-pool.ts";
import { stratifiedKFold } from "../../pipeline/ml/folds.ts";
import type { FeatureSpec } from "../../pipeline/ml/model-json.ts";
import { crossValidate, randomizedSearch } from "../../pipeline/ml/search.ts";
import { syntheticDataset } from "../../pipeline/ml/synthetic.ts";

const data = syntheticDataset(600, 8, 21);
const features: FeatureSpec[] = data.columns.map((_, j) => ({ name: `x${j}`, kind: "numeric" }));
const splits = stratifiedKFold(data.labels, 3, 4);

test("worker pool matches one thread", async () => {
  const local = localRunner({ dataset: data, features });
  const pool = workerRunner({ dataset: data, features }, 2);
  try {
    const params = { nTrees: 20, maxDepth: 6 };
    const singleThread = await crossValidate(local, "random_forest", data, params, splits, 5);
    const pooled = await crossValidate(pool, "random_forest", data, params, splits, 5);
    assert.deepEqual(pooled.foldAucs, singleThread.foldAucs);
    assert.deepEqual(Array.from(pooled.outOfFold), Array.from(singleThread.outOfFold));
  } finally {
    await pool.close();
  }
});

test("randomizedSearch ranks every candidate", async () => {
  const runner = localRunner({ dataset: data, features });
  const options = {
    families: ["logistic_regression", "gradient_boosting"] as const,
    candidatesPerFamily: 2,
    splits,
    seed: 3,
  };
  const candidates = await randomizedSearch(runner, data, {
    ...options,
    families: [...options.families],
  });
  assert.equal(candidates.length, 4);
  for (let i = 1; i < candidates.length; i++)
    assert.ok(candidates[i - 1].meanAuc >= candidates[i].meanAuc);
  // Every row is held out exactly once in k-fold CV.
  assert.ok(candidates.every((c) => c.outOfFold.every((p) => p >= 0 && p <= 1)));

  const again = await randomizedSearch(runner, data, {
    ...options,
    families: [...options.families],
  });
  assert.deepEqual(
    again.map((c) => [c.family, c.index, c.meanAuc]),
    candidates.map((c) => [c.family, c.index, c.meanAuc]),
  );
});
