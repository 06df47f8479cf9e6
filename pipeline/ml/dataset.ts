// A training set as typed columns: one Float64Array per feature and a 0/1 label per row.
// Float64 rather than Float32 so that a value seen in training and the same JavaScript number
// scored later fall on the same side of every threshold.

export interface Dataset {
  /** Encoded numeric columns, one per feature; NaN marks a missing value. */
  columns: Float64Array[];
  /** 1 for an accident, 0 for a negative. */
  labels: Uint8Array;
}

export function rowCount(data: Dataset): number {
  return data.labels.length;
}

/** Returns the rows at `indices` (in that order) as a new dataset. */
export function takeRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const n = indices.length;
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = data.labels[indices[i]];

  const columns = data.columns.map((column) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = column[indices[i]];
    return out;
  });
  return { columns, labels };
}

/** Checks that every column has one value per label and that labels are 0 or 1. */
export function validateDataset(data: Dataset, where: string): void {
  const n = data.labels.length;
  data.columns.forEach((column, j) => {
    if (column.length !== n) {
      throw new Error(`${where}: column ${j} has ${column.length} values for ${n} labels.`);
    }
  });

  for (let i = 0; i < n; i++) {
    if (data.labels[i] > 1) {
      throw new Error(`${where}: label of row ${i} is ${data.labels[i]}; expected 0 or 1.`);
    }
  }
}

export function countPositives(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  return positives;
}
