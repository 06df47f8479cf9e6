// Gradient-boosted trees on the logistic loss, with second-order (Newton) leaf values, row
// subsampling and a random subset of features at each node.
import { binColumns } from "./binning.ts";
import { type Dataset, validateDataset } from "./dataset.ts";
import { type ClassWeight, classWeights, featuresPerNode } from "./forest.ts";
import { Random } from "./random.ts";
import { TreeGrower, type TreeJson, roundValue, treeValue } from "./tree.ts";

export interface BoostingParams {
  nTrees: number;
  learningRate: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Minimum sum of hessians w·p·(1 − p) in a leaf. */
  minChildWeight: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Fraction of rows drawn without replacement for each tree, in (0, 1]. */
  subsample: number;
  /** Fraction of features tried at each node, in (0, 1]. */
  maxFeatures: number;
  classWeight: ClassWeight;
}

export const defaultBoostingParams: BoostingParams = {
  nTrees: 100,
  learningRate: 0.1,
  maxDepth: 4,
  minSamplesLeaf: 5,
  minChildWeight: 0.1,
  lambda: 1,
  subsample: 0.8,
  maxFeatures: 1,
  classWeight: "none",
};

export interface BoostingModel {
  /** Log-odds every prediction starts from. */
  baseScore: number;
  trees: TreeJson[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function trainBoosting(data: Dataset, params: BoostingParams, seed: number): BoostingModel {
  validateDataset(data, "trainBoosting");
  const n = data.labels.length;
  if (n === 0) throw new Error("trainBoosting: the training set has no rows.");
  if (!(params.subsample > 0 && params.subsample <= 1)) {
    throw new Error(`trainBoosting: subsample ${params.subsample} is invalid: expected (0, 1].`);
  }

  const random = new Random(seed);
  const binned = binColumns(data.columns);
  const weights = classWeights(data.labels, params.classWeight);
  const w = Float64Array.from(data.labels, (y) => weights[y]);

  // Start from the weighted log-odds of the training set, clipped away from 0 and 1.
  let sumW = 0;
  let sumWY = 0;
  for (let i = 0; i < n; i++) {
    sumW += w[i];
    sumWY += w[i] * data.labels[i];
  }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, sumWY / sumW));
  const baseScore = roundValue(Math.log(rate / (1 - rate)));

  const { learningRate, lambda } = params;
  const options = {
    maxDepth: params.maxDepth,
    minSamplesLeaf: params.minSamplesLeaf,
    minChildWeight: params.minChildWeight,
    lambda,
    featuresPerNode: featuresPerNode(params.maxFeatures, data.columns.length),
    leaf: "newton" as const,
    shrinkage: learningRate,
  };
  const grower = new TreeGrower(binned, options, random);

  const score = new Float64Array(n).fill(baseScore);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const count = new Float64Array(n).fill(1);
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const sampleSize = Math.max(1, Math.round(params.subsample * n));
  const trees: TreeJson[] = [];

  for (let t = 0; t < params.nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(score[i]);
      // g is the negative gradient of the loss, so leaves move the score towards the labels.
      g[i] = w[i] * (data.labels[i] - p);
      h[i] = w[i] * p * (1 - p);
    }

    let rows = all;
    if (sampleSize < n) {
      // Partial Fisher–Yates on a copy: the first sampleSize rows form the subsample.
      const shuffled = all.slice();
      for (let i = 0; i < sampleSize; i++) {
        const j = i + random.int(n - i);
        const swap = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = swap;
      }
      rows = shuffled.subarray(0, sampleSize);
    } else {
      rows = all.slice();
    }

    const tree = grower.grow({ g, h, count, rows });
    trees.push(tree);
    for (let i = 0; i < n; i++) score[i] += treeValue(tree, data.columns, i);
  }
  return { baseScore, trees };
}
