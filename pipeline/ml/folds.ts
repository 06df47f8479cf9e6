// Validation splits: stratified k-fold (random), group k-fold (spatial blocks) and forward-chaining
// splits in time. Each split lists the training rows and the held-out rows.
import { Random } from "./random.ts";

export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

/** Turns a fold number per row into k splits, fold f being held out in split f. */
export function splitsFromFolds(folds: Int32Array, k: number): Split[] {
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    folds.forEach((fold, row) => (fold === f ? test : train).push(row));
    return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
  });
}

/** Stratified k-fold: each class is shuffled, then dealt to the folds in turn, so every fold
 *  holds the same share of accidents (to within one row). */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number): Split[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`stratifiedKFold: invalid k ${k}.`);

  const random = new Random(seed);
  const folds = new Int32Array(labels.length);
  let next = 0;
  for (const label of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) rows.push(i);
    random.shuffle(rows);
    // Continue the deal where the previous class stopped, so fold sizes stay balanced.
    for (const row of rows) folds[row] = next++ % k;
  }
  return splitsFromFolds(folds, k);
}

/** Group k-fold: every group (a commune, a grid cell) lands whole in one fold. Groups are
 *  shuffled, then each goes to the fold with the fewest rows so far. */
export function groupKFold(groups: readonly string[], k: number, seed: number): Split[] {
  const sizes = new Map<string, number>();
  for (const group of groups) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  if (sizes.size < k) {
    throw new Error(`groupKFold: ${sizes.size} groups cannot fill ${k} folds; use fewer folds.`);
  }

  const names = new Random(seed).shuffle([...sizes.keys()]);
  // Largest groups first (stable on the shuffled order), so the greedy fill stays balanced.
  names.sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const name of names) {
    const fold = load.indexOf(Math.min(...load));
    foldOf.set(name, fold);
    load[fold] += sizes.get(name) ?? 0;
  }

  const folds = Int32Array.from(groups, (group) => foldOf.get(group) ?? 0);
  return splitsFromFolds(folds, k);
}

/** Label of the square cell (about sizeKm on a side) that holds a point; 111.32 km per degree
 *  of latitude, and of longitude times cos(latitude). */
export function gridCell(latitude: number, longitude: number, sizeKm: number): string {
  const kmPerDegree = 111.32;
  const row = Math.floor((latitude * kmPerDegree) / sizeKm);
  const column = Math.floor(
    (longitude * kmPerDegree * Math.cos((latitude * Math.PI) / 180)) / sizeKm,
  );
  return `${row}:${column}`;
}

/** Forward-chaining splits in time: the distinct months are cut into nSplits + 1 consecutive
 *  blocks; split s trains on blocks 0 … s and tests on block s + 1. `months` holds a month
 *  number per row (year · 12 + month), so later months never train a model tested earlier. */
export function temporalSplits(months: ArrayLike<number>, nSplits: number): Split[] {
  const distinct = [...new Set(Array.from(months))].sort((a, b) => a - b);
  if (distinct.length < nSplits + 1) {
    throw new Error(
      `temporalSplits: ${distinct.length} distinct months cannot make ${nSplits} splits.`,
    );
  }

  const blockOf = new Map<number, number>();
  distinct.forEach((month, i) => {
    blockOf.set(month, Math.floor((i * (nSplits + 1)) / distinct.length));
  });

  return Array.from({ length: nSplits }, (_, s) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let row = 0; row < months.length; row++) {
      const block = blockOf.get(months[row]) ?? 0;
      if (block <= s) train.push(row);
      else if (block === s + 1) test.push(row);
    }
    return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
  });
}

/** Stratified train/test split: returns the row indices of each part, in increasing order. */
export function stratifiedHoldout(
  labels: ArrayLike<number>,
  testFraction: number,
  seed: number,
): Split {
  const random = new Random(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) rows.push(i);
    random.shuffle(rows);
    const nTest = Math.round(rows.length * testFraction);
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  const ascending = (a: number, b: number) => a - b;
  return {
    train: Uint32Array.from(train.sort(ascending)),
    test: Uint32Array.from(test.sort(ascending)),
  };
}
