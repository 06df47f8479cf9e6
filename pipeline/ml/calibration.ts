// Calibration maps fitted on out-of-fold predictions: Platt scaling (a logistic curve on the
// log-odds) and isotonic regression (pool-adjacent-violators), and a choice between them.
import type { Calibration } from "./model-json.ts";
import { calibrate } from "./model-json.ts";
import { brierScore } from "./metrics.ts";
import { Random } from "./random.ts";

const logit = (p: number) => {
  const clipped = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(clipped / (1 - clipped));
};

/** Fits p' = sigmoid(a · logit(p) + b) by Newton's method on the log-loss. */
export function fitPlatt(labels: ArrayLike<number>, probabilities: ArrayLike<number>): Calibration {
  const z = Array.from(probabilities, logit);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * z[i] + b)));
      const residual = labels[i] - p;
      const curvature = p * (1 - p);
      ga += residual * z[i];
      gb += residual;
      haa += curvature * z[i] * z[i];
      hab += curvature * z[i];
      hbb += curvature;
    }
    const determinant = haa * hbb - hab * hab;
    if (!(Math.abs(determinant) > 1e-300)) break;
    const stepA = (hbb * ga - hab * gb) / determinant;
    const stepB = (haa * gb - hab * ga) / determinant;
    a += stepA;
    b += stepB;
    if (Math.abs(stepA) < 1e-10 && Math.abs(stepB) < 1e-10) break;
  }
  return { method: "platt", a, b };
}

/** Fits a non-decreasing step function by pool-adjacent-violators and keeps each block's mean
 *  prediction and rate as interpolation points. */
export function fitIsotonic(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
): Calibration {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort(
    (i, j) => probabilities[i] - probabilities[j],
  );
  const blockX: number[] = [];
  const blockY: number[] = [];
  const blockN: number[] = [];
  for (const i of order) {
    blockX.push(probabilities[i]);
    blockY.push(labels[i]);
    blockN.push(1);
    // Merge backwards while the last block's rate falls below its predecessor's.
    while (blockY.length > 1 && blockY[blockY.length - 2] >= blockY[blockY.length - 1]) {
      const n = blockN.pop() ?? 0;
      const y = blockY.pop() ?? 0;
      const x = blockX.pop() ?? 0;
      const last = blockY.length - 1;
      const total = blockN[last] + n;
      blockY[last] = (blockY[last] * blockN[last] + y * n) / total;
      blockX[last] = (blockX[last] * blockN[last] + x * n) / total;
      blockN[last] = total;
    }
  }
  return { method: "isotonic", x: blockX, y: blockY };
}

export interface CalibrationChoice {
  calibration: Calibration;
  /** Brier score of each method when fitted on one half of the rows and scored on the other. */
  brier: Record<"none" | "platt" | "isotonic", number>;
}

/** Chooses no calibration, Platt or isotonic by two-fold cross-fitting on the out-of-fold
 *  predictions (so isotonic is not rewarded for memorising them), then refits on all rows. */
export function chooseCalibration(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  seed: number,
): CalibrationChoice {
  const half = new Random(seed).shuffle(Array.from({ length: labels.length }, (_, i) => i % 2));
  const parts = [0, 1].map((h) => {
    const rows = half.flatMap((side, i) => (side === h ? [i] : []));
    return { y: rows.map((i) => labels[i]), p: rows.map((i) => probabilities[i]) };
  });

  const fitters = { platt: fitPlatt, isotonic: fitIsotonic };
  const brier = { none: 0, platt: 0, isotonic: 0 };
  for (const [fitSide, scoreSide] of [
    [0, 1],
    [1, 0],
  ]) {
    const fit = parts[fitSide];
    const score = parts[scoreSide];
    brier.none += brierScore(score.y, score.p) / 2;
    for (const method of ["platt", "isotonic"] as const) {
      const calibration = fitters[method](fit.y, fit.p);
      const calibrated = score.p.map((p) => calibrate(calibration, p));
      brier[method] += brierScore(score.y, calibrated) / 2;
    }
  }

  const best = (["none", "platt", "isotonic"] as const).reduce((a, b) =>
    brier[b] < brier[a] ? b : a,
  );
  const calibration: Calibration =
    best === "none" ? { method: "none" } : fitters[best](labels, probabilities);
  return { calibration, brier };
}
