import assert from "node:assert/strict";
import { test } from "node:test";

import { binColumns, binEdges, binOf, shortestBetween } from "../../pipeline/ml/binning.ts";

test("binEdges split distinct values", () => {
  const edges = binEdges(Float64Array.from([3, 1, 2, 2, Number.NaN]));
  assert.deepEqual(Array.from(edges), [1.5, 2.5]);
});

test("binOf reserves bin 0 for missing", () => {
  const edges = Float64Array.from([1.5, 2.5]);
  assert.equal(binOf(edges, Number.NaN), 0);
  assert.equal(binOf(edges, 1), 1);
  assert.equal(binOf(edges, 1.5), 1);
  assert.equal(binOf(edges, 2), 2);
  assert.equal(binOf(edges, 99), 3);
});

test("shortestBetween keeps thresholds short", () => {
  // Two digits suffice between 0.12 and 0.19 (one digit gives 0.1 or 0.2, both outside).
  assert.equal(shortestBetween(0.12, 0.19), 0.15);
  assert.equal(shortestBetween(1, 2), 1.5);
  // The lower value itself is a valid edge (x ≤ edge goes left) when it is the shortest.
  assert.equal(shortestBetween(5, 5.000001), 5);
  // Neighbouring doubles leave no shorter choice than the lower one, at 17 digits.
  assert.equal(shortestBetween(0.30000000000000004, 0.3000000000000001), 0.30000000000000004);
});

test("binColumns caps bins at 255", () => {
  const column = Float64Array.from({ length: 1000 }, (_, i) => i);
  const { bins, edges } = binColumns([column]);
  // 254 value bins need 253 edges; bin 0 stays free for missing values.
  assert.equal(edges[0].length, 253);
  assert.equal(bins[0][0], 1);
  assert.equal(bins[0][999], 254);

  // Quantile cuts: every value bin holds about 1000 / 254 ≈ 4 rows.
  const sizes = new Map<number, number>();
  for (const bin of bins[0]) sizes.set(bin, (sizes.get(bin) ?? 0) + 1);
  assert.ok(Math.max(...sizes.values()) <= 5);
  assert.ok(Math.min(...sizes.values()) >= 3);
});
