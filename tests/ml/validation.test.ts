import assert from "node:assert/strict";
import { test } from "node:test";

import { chooseCalibration, fitIsotonic, fitPlatt } from "../../pipeline/ml/calibration.ts";
import { gridCell, groupKFold, stratifiedKFold, temporalSplits } from "../../pipeline/ml/folds.ts";
import { calibrate } from "../../pipeline/ml/model-json.ts";
import { Random } from "../../pipeline/ml/random.ts";

test("stratifiedKFold balances accidents", () => {
  const labels = Array.from({ length: 50 }, (_, i) => (i < 10 ? 1 : 0));
  const splits = stratifiedKFold(labels, 5, 1);
  for (const split of splits) {
    assert.equal(split.test.length, 10);
    assert.equal(Array.from(split.test).filter((row) => labels[row] === 1).length, 2);
    assert.equal(split.train.length + split.test.length, 50);
  }
  const tested = splits.flatMap((s) => Array.from(s.test)).sort((a, b) => a - b);
  assert.deepEqual(
    tested,
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test("groupKFold keeps groups whole", () => {
  const groups = ["a", "a", "b", "b", "b", "c", "d", "d", "e"];
  const splits = groupKFold(groups, 3, 2);
  for (const split of splits) {
    const held = new Set(Array.from(split.test, (row) => groups[row]));
    const trained = new Set(Array.from(split.train, (row) => groups[row]));
    for (const group of held) assert.ok(!trained.has(group), `group ${group} on both sides`);
  }
  assert.throws(() => groupKFold(["a", "b"], 3, 1), /2 groups cannot fill 3 folds/);
});

test("gridCell groups nearby points", () => {
  // Two points 1.1 km apart in Nouméa share a 10 km cell (row −248, from −247.7 and −247.8);
  // Koné, 200 km away, does not.
  assert.equal(gridCell(-22.25, 166.44, 10), gridCell(-22.26, 166.44, 10));
  assert.equal(gridCell(-22.25, 166.44, 10).split(":")[0], "-248");
  assert.notEqual(gridCell(-22.27, 166.44, 10), gridCell(-21.06, 164.86, 10));
});

test("temporalSplits train on the past", () => {
  // Months 0…7, one row each: 3 splits over 4 blocks of 2 months.
  const months = [7, 6, 5, 4, 3, 2, 1, 0];
  const splits = temporalSplits(months, 3);
  assert.equal(splits.length, 3);
  for (const split of splits) {
    const lastTrained = Math.max(...Array.from(split.train, (row) => months[row]));
    const firstTested = Math.min(...Array.from(split.test, (row) => months[row]));
    assert.ok(lastTrained < firstTested);
  }
  assert.deepEqual(Array.from(splits[0].test, (row) => months[row]).sort(), [2, 3]);
  assert.deepEqual(Array.from(splits[2].train, (row) => months[row]).sort(), [0, 1, 2, 3, 4, 5]);
});

test("fitIsotonic pools violators", () => {
  const calibration = fitIsotonic([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(calibration, { method: "isotonic", x: [0.1, 0.25, 0.4], y: [0, 0.5, 1] });
  assert.equal(calibrate(calibration, 0.05), 0);
  assert.ok(Math.abs(calibrate(calibration, 0.175) - 0.25) < 1e-12);
});

test("fitPlatt undoes a distortion", () => {
  // Labels drawn from p, but the model reports sigmoid(2 · logit(p)): Platt finds a ≈ 0.5.
  const random = new Random(3);
  const labels: number[] = [];
  const reported: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const z = random.uniform(-3, 3);
    labels.push(random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    reported.push(1 / (1 + Math.exp(-2 * z)));
  }
  const calibration = fitPlatt(labels, reported);
  assert.equal(calibration.method, "platt");
  if (calibration.method !== "platt") return;
  assert.ok(Math.abs(calibration.a - 0.5) < 0.05, `a = ${calibration.a}`);
  assert.ok(Math.abs(calibration.b) < 0.05, `b = ${calibration.b}`);

  const choice = chooseCalibration(labels, reported, 1);
  assert.notEqual(choice.calibration.method, "none");
  assert.ok(choice.brier.platt < choice.brier.none);
});
