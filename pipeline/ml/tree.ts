// One histogram-split decision tree, shared by the random forest and gradient boosting.
//
// Each row carries a gradient-like statistic g, a weight-like statistic h and a sample count c.
// A split is scored by g_L²/(h_L+λ) + g_R²/(h_R+λ) − g²/(h+λ). With g = w·y, h = w and λ = 0 this is
// twice the drop in weighted Gini impurity (random forest); with g = w·(y − p), h = w·p·(1 − p) it
// is the second-order gain of the logistic loss (gradient boosting).
import type { BinnedColumns } from "./binning.ts";
import type { Random } from "./random.ts";

/** A tree as flat arrays. Children ≥ 0 are internal nodes; a child c < 0 is leaf ~c (−c − 1).
 *  A tree that is a single leaf has no internal nodes. Missing values (NaN) go left. */
export interface TreeJson {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GrowOptions {
  maxDepth: number;
  /** Minimum sample count (bootstrap multiplicity included) in each child. */
  minSamplesLeaf: number;
  /** Minimum sum of h in each child. */
  minChildWeight: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Features drawn at random at each node, 1 … number of features. */
  featuresPerNode: number;
  /** Leaf value from the sums of g and h over the leaf's rows. */
  leafValue(sumG: number, sumH: number): number;
}

export interface GrowInput {
  binned: BinnedColumns;
  g: Float64Array;
  h: Float64Array;
  count: Float64Array;
  /** Rows of the sample; reordered in place while growing. */
  rows: Uint32Array;
}

/** Rounds to 7 significant digits, so saved leaf values stay short; training uses the rounded
 *  value too, so a model read back from JSON scores exactly like the one in memory. */
export function roundValue(x: number): number {
  return Number(x.toPrecision(7));
}

export function growTree(input: GrowInput, options: GrowOptions, random: Random): TreeJson {
  const { binned, g, h, count, rows } = input;
  const nFeatures = binned.bins.length;
  const featuresPerNode = Math.max(1, Math.min(nFeatures, Math.floor(options.featuresPerNode)));
  const { maxDepth, minSamplesLeaf, minChildWeight, lambda } = options;
  const tree: TreeJson = { feature: [], threshold: [], left: [], right: [], value: [] };

  const histG = new Float64Array(256);
  const histH = new Float64Array(256);
  const histC = new Float64Array(256);
  const order = Int32Array.from({ length: nFeatures }, (_, j) => j);
  const touched = new Uint8Array(256);

  /** Zeroes the touched bins, so the histograms are clean for the next feature. */
  function clear(nTouched: number): void {
    for (let k = 0; k < nTouched; k++) {
      const bin = touched[k];
      histG[bin] = 0;
      histH[bin] = 0;
      histC[bin] = 0;
    }
  }

  const score = (sg: number, sh: number) => (sg * sg) / (sh + lambda);

  function leaf(sumG: number, sumH: number): number {
    tree.value.push(roundValue(options.leafValue(sumG, sumH)));
    return ~(tree.value.length - 1);
  }

  function grow(start: number, end: number, depth: number, G: number, H: number, C: number) {
    if (depth >= maxDepth || C < 2 * minSamplesLeaf || end - start < 2) return leaf(G, H);

    const parentScore = score(G, H);
    // Gains below this are rounding noise (for example in a pure node).
    let bestGain = 1e-12 * Math.max(1, Math.abs(parentScore));
    let bestFeature = -1;
    let bestBin = 0;
    let bestG = 0;
    let bestH = 0;
    let bestC = 0;

    for (let k = 0; k < featuresPerNode; k++) {
      // Partial Fisher–Yates: the first k entries of `order` are this node's features.
      const pick = k + random.int(nFeatures - k);
      const feature = order[pick];
      order[pick] = order[k];
      order[k] = feature;

      const column = binned.bins[feature];
      if (binned.edges[feature].length === 0) continue;

      // Accumulate, and remember which bins the node touches: deep nodes hold few rows, and
      // scanning or clearing all 255 bins for them would cost more than the rows themselves.
      let nTouched = 0;
      for (let i = start; i < end; i++) {
        const row = rows[i];
        const bin = column[row];
        if (histC[bin] === 0) touched[nTouched++] = bin;
        histG[bin] += g[row];
        histH[bin] += h[row];
        histC[bin] += count[row];
      }
      if (nTouched < 2) {
        clear(nTouched);
        continue;
      }
      // Order the touched bins: by a pass over all bins when many are touched, else by sorting.
      if (nTouched > 24) {
        let k = 0;
        for (let bin = 0; bin < 256; bin++) if (histC[bin] !== 0) touched[k++] = bin;
      } else {
        touched.subarray(0, nTouched).sort();
      }
      const bins = touched;

      // Missing values (bin 0) always go left; the split after bins[k] keeps at least one
      // touched bin on the right, so the last bin never closes the left side.
      let leftG = 0;
      let leftH = 0;
      let leftC = 0;
      for (let k = 0; k < nTouched - 1; k++) {
        const t = bins[k];
        leftG += histG[t];
        leftH += histH[t];
        leftC += histC[t];
        if (t === 0 || leftC < minSamplesLeaf) continue;
        if (C - leftC < minSamplesLeaf) break;
        if (leftH < minChildWeight || H - leftH < minChildWeight) continue;

        const gain = score(leftG, leftH) + score(G - leftG, H - leftH) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = feature;
          bestBin = t;
          bestG = leftG;
          bestH = leftH;
          bestC = leftC;
        }
      }
      clear(nTouched);
    }
    if (bestFeature < 0) return leaf(G, H);

    // Move rows of the left child to the front of [start, end).
    const column = binned.bins[bestFeature];
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (column[rows[i]] <= bestBin) i++;
      else {
        const swap = rows[i];
        rows[i] = rows[j];
        rows[j] = swap;
        j--;
      }
    }

    const node = tree.feature.length;
    tree.feature.push(bestFeature);
    tree.threshold.push(binned.edges[bestFeature][bestBin - 1]);
    tree.left.push(0);
    tree.right.push(0);
    const leftChild = grow(start, i, depth + 1, bestG, bestH, bestC);
    const rightChild = grow(i, end, depth + 1, G - bestG, H - bestH, C - bestC);
    tree.left[node] = leftChild;
    tree.right[node] = rightChild;
    return node;
  }

  let G = 0;
  let H = 0;
  let C = 0;
  for (let i = 0; i < rows.length; i++) {
    G += g[rows[i]];
    H += h[rows[i]];
    C += count[rows[i]];
  }
  grow(0, rows.length, 0, G, H, C);
  return tree;
}

/** Returns the leaf value reached by row `row` of raw (unbinned) columns. */
export function treeValue(tree: TreeJson, columns: ArrayLike<number>[], row: number): number {
  let node = tree.feature.length > 0 ? 0 : -1;
  while (node >= 0) {
    const x = columns[tree.feature[node]][row];
    // `!(x > t)` sends NaN left, like bin 0 in training.
    node = !(x > tree.threshold[node]) ? tree.left[node] : tree.right[node];
  }
  return tree.value[~node];
}
