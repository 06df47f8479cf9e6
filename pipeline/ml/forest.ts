// Random forest: bootstrap samples, a random subset of features at each node and optional
// balanced class weights. The forest's probability is the mean of its trees' leaf fractions.
import { binColumns } from "./binning.ts";
import { type Dataset, countPositives, validateDataset } from "./dataset.ts";
import { Random } from "./random.ts";
import { TreeGrower, type TreeJson } from "./tree.ts";

export type ClassWeight = "none" | "balanced";

export interface ForestParams {
  nTrees: number;
  maxDepth: number;
  /** Fraction of the features tried at each node, in (0, 1]. */
  maxFeatures: number;
  minSamplesLeaf: number;
  classWeight: ClassWeight;
  /** Sample rows with replacement for each tree (true in a random forest). */
  bootstrap: boolean;
}

export const defaultForestParams: ForestParams = {
  nTrees: 100,
  maxDepth: 12,
  maxFeatures: 0.3,
  minSamplesLeaf: 1,
  classWeight: "none",
  bootstrap: true,
};

/** Returns the weight of a negative and of a positive row: 1 and 1, or n / (2 · class count). */
export function classWeights(labels: Uint8Array, mode: ClassWeight): [number, number] {
  if (mode === "none") return [1, 1];

  const positives = countPositives(labels);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return [1, 1];
  return [labels.length / (2 * negatives), labels.length / (2 * positives)];
}

/** Returns the number of features tried per node as scikit-learn counts it: floor(fraction · p),
 *  at least 1. */
export function featuresPerNode(fraction: number, nFeatures: number): number {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new Error(`maxFeatures ${fraction} is invalid: expected a fraction in (0, 1].`);
  }
  return Math.max(1, Math.floor(fraction * nFeatures));
}

export function trainForest(data: Dataset, params: ForestParams, seed: number): TreeJson[] {
  validateDataset(data, "trainForest");
  const n = data.labels.length;
  if (n === 0) throw new Error("trainForest: the training set has no rows.");

  const random = new Random(seed);
  const binned = binColumns(data.columns);
  const weights = classWeights(data.labels, params.classWeight);
  const options = {
    maxDepth: params.maxDepth,
    minSamplesLeaf: params.minSamplesLeaf,
    minChildWeight: 0,
    lambda: 0,
    featuresPerNode: featuresPerNode(params.maxFeatures, data.columns.length),
    // Weighted share of accidents among the leaf's rows.
    leaf: "ratio" as const,
    shrinkage: 1,
  };
  const grower = new TreeGrower(binned, options, random);

  const count = new Float64Array(n);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: TreeJson[] = [];
  for (let t = 0; t < params.nTrees; t++) {
    count.fill(params.bootstrap ? 0 : 1);
    if (params.bootstrap) for (let i = 0; i < n; i++) count[random.int(n)]++;

    let inBag = 0;
    for (let i = 0; i < n; i++) if (count[i] > 0) inBag++;
    const rows = new Uint32Array(inBag);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (count[i] === 0) continue;
      rows[k++] = i;
      const w = count[i] * weights[data.labels[i]];
      h[i] = w;
      g[i] = w * data.labels[i];
    }

    trees.push(grower.grow({ g, h, count, rows }));
  }
  return trees;
}
