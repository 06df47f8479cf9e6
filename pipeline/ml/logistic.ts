// L2-penalised logistic regression, the baseline family. Numeric features are standardised
// (missing values become the training mean); categorical features are one-hot encoded. Fitted by
// Newton's method, which converges in a few steps for a few dozen terms.
import { type Dataset, validateDataset } from "./dataset.ts";
import { type ClassWeight, classWeights } from "./forest.ts";

export interface LogisticParams {
  /** Inverse penalty strength, as scikit-learn's C: loss = ½‖β‖² + C · Σ log-loss. */
  C: number;
  classWeight: ClassWeight;
  maxIterations: number;
}

export const defaultLogisticParams: LogisticParams = {
  C: 1,
  classWeight: "none",
  maxIterations: 100,
};

/** One column of the design matrix: a standardised numeric feature, or one category of a
 *  categorical feature (1 when the encoded feature equals `category`, else 0). */
export interface LogisticTerm {
  feature: number;
  category?: number;
  mean: number;
  scale: number;
  coef: number;
}

export interface LogisticModel {
  intercept: number;
  terms: LogisticTerm[];
}

/** Returns the value of a term for an encoded feature value x. */
export function termValue(term: LogisticTerm, x: number): number {
  if (term.category !== undefined) return x === term.category ? 1 : 0;
  if (Number.isNaN(x)) return 0;
  return (x - term.mean) / term.scale;
}

function buildTerms(data: Dataset, categoryCounts: (number | null)[]): LogisticTerm[] {
  const terms: LogisticTerm[] = [];
  data.columns.forEach((column, feature) => {
    const categories = categoryCounts[feature];
    if (categories !== null && categories !== undefined) {
      for (let c = 0; c < categories; c++)
        terms.push({ feature, category: c, mean: 0, scale: 1, coef: 0 });
      return;
    }

    let n = 0;
    let sum = 0;
    let sumSq = 0;
    for (const x of column) {
      if (Number.isNaN(x)) continue;
      n++;
      sum += x;
      sumSq += x * x;
    }
    const mean = n > 0 ? sum / n : 0;
    const sd = n > 0 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
    // A constant column keeps scale 1, so its standardised value is 0 and its coefficient 0.
    terms.push({ feature, mean, scale: sd > 1e-12 ? sd : 1, coef: 0 });
  });
  return terms;
}

/** Solves A x = b for a symmetric positive definite A (row-major, d × d) by Cholesky. */
function solveSpd(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(sum, 1e-300));
      else l[i * d + j] = sum / l[j * d + j];
    }
  }

  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * d + k] * y[k];
    y[i] = sum / l[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i] * x[k];
    x[i] = sum / l[i * d + i];
  }
  return x;
}

/** Fits the model. `categoryCounts[j]` is the number of categories of feature j, or null when
 *  feature j is numeric. */
export function trainLogistic(
  data: Dataset,
  categoryCounts: (number | null)[],
  params: LogisticParams,
): LogisticModel {
  validateDataset(data, "trainLogistic");
  if (!(params.C > 0)) throw new Error(`trainLogistic: C ${params.C} is invalid: expected > 0.`);

  const n = data.labels.length;
  const terms = buildTerms(data, categoryCounts);
  // Column 0 of the design matrix is the intercept.
  const d = terms.length + 1;
  const design = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    design[i * d] = 1;
    terms.forEach((term, k) => {
      design[i * d + k + 1] = termValue(term, data.columns[term.feature][i]);
    });
  }

  const weights = classWeights(data.labels, params.classWeight);
  const lambda = 1 / params.C;
  const beta = new Float64Array(d);
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);

  for (let iteration = 0; iteration < params.maxIterations; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const offset = i * d;
      let z = 0;
      for (let k = 0; k < d; k++) z += beta[k] * design[offset + k];
      const p = 1 / (1 + Math.exp(-z));
      const w = weights[data.labels[i]];
      const residual = w * (data.labels[i] - p);
      const curvature = w * p * (1 - p);
      for (let a = 0; a < d; a++) {
        const xa = design[offset + a];
        if (xa === 0) continue;
        gradient[a] += residual * xa;
        const scaled = curvature * xa;
        for (let b = 0; b <= a; b++) hessian[a * d + b] += scaled * design[offset + b];
      }
    }

    // The penalty leaves the intercept free.
    for (let a = 1; a < d; a++) {
      gradient[a] -= lambda * beta[a];
      hessian[a * d + a] += lambda;
    }
    hessian[0] += 1e-9;
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[b * d + a] = hessian[a * d + b];

    const step = solveSpd(hessian, gradient, d);
    let largest = 0;
    for (let k = 0; k < d; k++) {
      beta[k] += step[k];
      largest = Math.max(largest, Math.abs(step[k]));
    }
    if (largest < 1e-10) break;
  }

  terms.forEach((term, k) => (term.coef = beta[k + 1]));
  return { intercept: beta[0], terms };
}
