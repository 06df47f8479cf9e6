// Synthetic classification data with a known, partly non-linear signal, for tests and the
// trainer benchmark (no lake needed).
import type { Dataset } from "./dataset.ts";
import { Random } from "./random.ts";

/** Box–Muller transform: a standard normal draw from two uniforms. */
function normal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** Returns `rows` × `features` normal columns (features ≥ 6); the label depends on the first six
 *  through a linear part, an interaction and a threshold, so trees beat a linear model, plus noise
 *  that caps the best ROC AUC well below 1. About 30 % of the labels are 1. */
export function syntheticDataset(rows: number, features: number, seed: number): Dataset {
  if (features < 6)
    throw new Error(`syntheticDataset: needs at least 6 features, got ${features}.`);

  const random = new Random(seed);
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (const column of columns) column[i] = normal(random);
    const x = (j: number) => columns[j][i];
    const z =
      -1.2 +
      0.9 * x(0) -
      0.6 * x(1) +
      0.8 * x(2) * x(3) +
      (x(4) > 0.5 ? 1.1 : 0) +
      0.5 * Math.sin(2 * x(5));
    labels[i] = random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }

  // Round to 3 decimals as real measurements would be, so columns have repeated values.
  for (const column of columns)
    for (let i = 0; i < rows; i++) column[i] = Math.round(column[i] * 1000) / 1000;
  return { columns, labels };
}
