import assert from "node:assert/strict";
import { test } from "node:test";

import {
  bestF1Threshold,
  brierScore,
  calibrationBins,
  confusionMatrix,
  prAuc,
  prCurve,
  rocAuc,
  rocCurve,
} from "../../pipeline/ml/metrics.ts";

// The four-row example from scikit-learn's documentation: of the 4 positive–negative pairs,
// 3 are ordered correctly (0.35 < 0.4 is the miss).
const labels = [0, 0, 1, 1];
const scores = [0.1, 0.4, 0.35, 0.8];

test("rocAuc counts ordered pairs", () => {
  assert.equal(rocAuc(labels, scores), 0.75);
});

test("rocAuc counts ties as one half", () => {
  assert.equal(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), 0.875);
  assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.3])));
});

test("prAuc is average precision", () => {
  // Thresholds 0.8, 0.4, 0.35: recall 0.5 at precision 1, then recall 1 at precision 2/3.
  assert.ok(Math.abs(prAuc(labels, scores) - (0.5 * 1 + 0.5 * (2 / 3))) < 1e-12);
});

test("brierScore averages squared errors", () => {
  const value = brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]);
  assert.ok(Math.abs(value - (0.01 + 0.01 + 0.04 + 0.09) / 4) < 1e-12);
});

test("confusionMatrix predicts at or above threshold", () => {
  assert.deepEqual(confusionMatrix(labels, scores, 0.35), {
    truePositives: 2,
    falsePositives: 1,
    trueNegatives: 1,
    falseNegatives: 0,
  });
});

test("rocCurve runs from origin to corner", () => {
  const curve = rocCurve(labels, scores);
  assert.deepEqual(
    curve.map((p) => [p.x, p.y]),
    [
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ],
  );
});

test("prCurve gives recall and precision", () => {
  const curve = prCurve(labels, scores);
  assert.deepEqual(curve[0], { x: 0.5, y: 1, threshold: 0.8 });
  assert.equal(curve[curve.length - 1].x, 1);
  assert.equal(curve[curve.length - 1].y, 0.5);
});

test("calibrationBins average per bin", () => {
  const bins = calibrationBins([0, 1, 1, 0], [0.05, 0.15, 0.95, 0.99], 10);
  assert.equal(bins.length, 3);
  assert.deepEqual(bins[0], {
    lower: 0,
    upper: 0.1,
    count: 1,
    meanPredicted: 0.05,
    observedRate: 0,
  });
  assert.equal(bins[2].count, 2);
  assert.equal(bins[2].observedRate, 0.5);
});

test("bestF1Threshold picks the best cut", () => {
  // At 0.35: TP 2, FP 1, FN 0 → F1 = 4/5, better than 0.8 (2/3) and 0.1 (2/3).
  const best = bestF1Threshold(labels, scores);
  assert.equal(best.threshold, 0.35);
  assert.ok(Math.abs(best.f1 - 0.8) < 1e-12);
});
