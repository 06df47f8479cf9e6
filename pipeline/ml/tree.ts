// One histogram-split decision tree, shared by the random forest and gradient boosting.
//
// Each row carries a gradient-like statistic g, a weight-like statistic h and a sample count c.
// A split is scored by g_L²/(h_L+λ) + g_R²/(h_R+λ) − g²/(h+λ). With g = w·y, h = w and λ = 0
// this is twice the drop in weighted Gini impurity (random forest). With g = w·(y − p) and
// h = w·p·(1 − p) it is the second-order gain of the logistic loss (gradient boosting).
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
  /** Leaf value: `ratio` = Σg / Σh (share of accidents), `newton` = shrinkage · Σg / (Σh + λ). */
  leaf: "ratio" | "newton";
  /** Multiplies `newton` leaf values (the learning rate); ignored for `ratio`. */
  shrinkage: number;
}

export interface GrowInput {
  g: Float64Array;
  h: Float64Array;
  count: Float64Array;
  /** Rows of the sample; reordered in place while growing. */
  rows: Uint32Array;
}

/** Rounds to 7 significant digits, so saved leaf values stay short. Training uses the rounded
 *  value too, so a model read back from JSON scores exactly like the one in memory. */
export function roundValue(x: number): number {
  return Number(x.toPrecision(7));
}

/** Grows trees on one binned dataset. A class rather than closures, so V8 keeps one optimised
 *  version of the hot loop across all the trees of a model. */
export class TreeGrower {
  private readonly histG = new Float64Array(256);
  private readonly histH = new Float64Array(256);
  private readonly histC = new Float64Array(256);
  private readonly touched = new Uint8Array(256);
  private readonly marks = new Int32Array(8);
  private readonly order: Int32Array;
  private readonly featuresPerNode: number;
  private tree: TreeJson = { feature: [], threshold: [], left: [], right: [], value: [] };
  private input: GrowInput = {
    g: new Float64Array(0),
    h: new Float64Array(0),
    count: new Float64Array(0),
    rows: new Uint32Array(0),
  };

  constructor(
    private readonly binned: BinnedColumns,
    private readonly options: GrowOptions,
    private readonly random: Random,
  ) {
    const nFeatures = binned.bins.length;
    this.order = Int32Array.from({ length: nFeatures }, (_, j) => j);
    this.featuresPerNode = Math.max(1, Math.min(nFeatures, Math.floor(options.featuresPerNode)));
  }

  grow(input: GrowInput): TreeJson {
    this.input = input;
    this.tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const { g, h, count, rows } = input;
    let G = 0;
    let H = 0;
    let C = 0;
    for (let i = 0; i < rows.length; i++) {
      G += g[rows[i]];
      H += h[rows[i]];
      C += count[rows[i]];
    }
    this.node(0, rows.length, 0, G, H, C);
    return this.tree;
  }

  private score(sumG: number, sumH: number): number {
    return (sumG * sumG) / (sumH + this.options.lambda);
  }

  private leaf(sumG: number, sumH: number): number {
    const { leaf, shrinkage, lambda } = this.options;
    let value = (shrinkage * sumG) / (sumH + lambda);
    if (leaf === "ratio") value = sumH > 0 ? sumG / sumH : 0;
    this.tree.value.push(roundValue(value));
    return ~(this.tree.value.length - 1);
  }

  /** Zeroes the touched bins, so the histograms are clean for the next feature. */
  private clear(nTouched: number): void {
    const { histG, histH, histC, touched } = this;
    for (let k = 0; k < nTouched; k++) {
      const bin = touched[k];
      histG[bin] = 0;
      histH[bin] = 0;
      histC[bin] = 0;
    }
  }

  /** Accumulates one feature's histogram over rows [start, end) and returns how many distinct
   *  bins the rows touch, listed in increasing order at the start of `touched`. */
  private histogram(feature: number, start: number, end: number): number {
    const { histG, histH, histC, touched } = this;
    const { g, h, count, rows } = this.input;
    const column = this.binned.bins[feature];

    // Deep nodes hold few rows, so the touched bins are marked in a 256-bit set and read back
    // in order, instead of scanning and clearing all 255 bins.
    const marks = this.marks;
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const bin = column[row];
      marks[bin >>> 5] |= 1 << (bin & 31);
      histG[bin] += g[row];
      histH[bin] += h[row];
      histC[bin] += count[row];
    }

    let nTouched = 0;
    for (let word = 0; word < 8; word++) {
      let bits = marks[word];
      marks[word] = 0;
      while (bits !== 0) {
        const lowest = bits & -bits;
        touched[nTouched++] = (word << 5) | (31 - Math.clz32(lowest));
        bits ^= lowest;
      }
    }
    return nTouched;
  }

  /** Grows the subtree of rows [start, end) and returns its reference (node index or ~leaf). */
  private node(start: number, end: number, depth: number, G: number, H: number, C: number): number {
    const { maxDepth, minSamplesLeaf, minChildWeight } = this.options;
    if (depth >= maxDepth || C < 2 * minSamplesLeaf || end - start < 2) return this.leaf(G, H);

    const { histG, histH, histC, touched, order } = this;
    const nFeatures = order.length;
    const parentScore = this.score(G, H);
    // Gains below this are rounding noise (for example in a pure node).
    let bestGain = 1e-12 * Math.max(1, Math.abs(parentScore));
    let bestFeature = -1;
    let bestBin = 0;
    let bestG = 0;
    let bestH = 0;
    let bestC = 0;

    for (let k = 0; k < this.featuresPerNode; k++) {
      // Partial Fisher–Yates: the first k entries of `order` are this node's features.
      const pick = k + this.random.int(nFeatures - k);
      const feature = order[pick];
      order[pick] = order[k];
      order[k] = feature;
      if (this.binned.edges[feature].length === 0) continue;

      const nTouched = this.histogram(feature, start, end);

      // Missing values (bin 0) always go left; the cut after touched[k] keeps at least one
      // touched bin on the right.
      let leftG = 0;
      let leftH = 0;
      let leftC = 0;
      for (let b = 0; b < nTouched - 1; b++) {
        const t = touched[b];
        leftG += histG[t];
        leftH += histH[t];
        leftC += histC[t];
        if (t === 0 || leftC < minSamplesLeaf) continue;
        if (C - leftC < minSamplesLeaf) break;
        if (leftH < minChildWeight || H - leftH < minChildWeight) continue;

        const gain = this.score(leftG, leftH) + this.score(G - leftG, H - leftH) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = feature;
          bestBin = t;
          bestG = leftG;
          bestH = leftH;
          bestC = leftC;
        }
      }
      this.clear(nTouched);
    }
    if (bestFeature < 0) return this.leaf(G, H);

    // Move rows of the left child to the front of [start, end).
    const rows = this.input.rows;
    const column = this.binned.bins[bestFeature];
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

    const tree = this.tree;
    const index = tree.feature.length;
    tree.feature.push(bestFeature);
    tree.threshold.push(this.binned.edges[bestFeature][bestBin - 1]);
    tree.left.push(0);
    tree.right.push(0);
    const left = this.node(start, i, depth + 1, bestG, bestH, bestC);
    const right = this.node(i, end, depth + 1, G - bestG, H - bestH, C - bestC);
    tree.left[index] = left;
    tree.right[index] = right;
    return index;
  }
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
