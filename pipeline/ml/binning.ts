// Pre-binning of feature columns into at most 255 bins stored as bytes, so that split search
// builds a small histogram per feature instead of sorting rows at every node.
//
// Bin 0 holds missing values (NaN); bin b ≥ 1 holds values x with edges[b-2] < x ≤ edges[b-1].
// A split "bin ≤ t" (t ≥ 1) is therefore exactly "x ≤ edges[t-1] or x is missing", which is how
// the saved trees are evaluated on raw values.

export const MAX_BINS = 255;

export interface BinnedColumns {
  /** One byte per row and feature. */
  bins: Uint8Array[];
  /** Upper edge of each value bin, increasing; bin count = edges.length + 2. */
  edges: Float64Array[];
}

/** Returns the shortest decimal d with low ≤ d < high, so saved thresholds stay short. */
export function shortestBetween(low: number, high: number): number {
  const middle = low + (high - low) / 2;
  for (let digits = 1; digits <= 17; digits++) {
    const candidate = Number(middle.toPrecision(digits));
    if (candidate >= low && candidate < high) return candidate;
  }
  return low;
}

/** Computes bin edges from quantiles of the distinct non-missing values of a column. */
export function binEdges(column: Float64Array, maxBins = MAX_BINS): Float64Array {
  const values = column.filter((x) => !Number.isNaN(x)).sort();
  const n = values.length;
  if (n === 0) return new Float64Array(0);

  // Bin 0 is reserved for missing values.
  const valueBins = maxBins - 1;

  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && values[i] === values[i - 1]) counts[counts.length - 1]++;
    else {
      distinct.push(values[i]);
      counts.push(1);
    }
  }

  const edges: number[] = [];
  if (distinct.length <= valueBins) {
    for (let i = 0; i + 1 < distinct.length; i++) {
      edges.push(shortestBetween(distinct[i], distinct[i + 1]));
    }
    return Float64Array.from(edges);
  }

  // Too many distinct values: cut where the running count passes each quantile, so bins hold
  // about n / valueBins rows each (a single heavy value can still fill a bin on its own).
  let seen = 0;
  let nextCut = n / valueBins;
  for (let i = 0; i + 1 < distinct.length && edges.length < valueBins - 1; i++) {
    seen += counts[i];
    if (seen < nextCut) continue;

    edges.push(shortestBetween(distinct[i], distinct[i + 1]));
    while (nextCut <= seen) nextCut += n / valueBins;
  }
  return Float64Array.from(edges);
}

/** Returns the bin of a value: 0 when missing, else 1 + the number of edges below it. */
export function binOf(edges: Float64Array, x: number): number {
  if (Number.isNaN(x)) return 0;

  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle] < x) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}

export function binColumn(column: Float64Array, edges: Float64Array): Uint8Array {
  const bins = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) bins[i] = binOf(edges, column[i]);
  return bins;
}

/** Bins every column with edges computed from that column. */
export function binColumns(columns: Float64Array[], maxBins = MAX_BINS): BinnedColumns {
  if (maxBins < 3 || maxBins > MAX_BINS) {
    throw new Error(`binColumns: invalid maxBins ${maxBins}: expected 3 to ${MAX_BINS}.`);
  }
  const edges = columns.map((column) => binEdges(column, maxBins));
  const bins = columns.map((column, j) => binColumn(column, edges[j]));
  return { bins, edges };
}
