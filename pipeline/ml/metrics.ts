// Scores of probabilistic predictions against 0/1 labels: ROC AUC, PR AUC (average precision),
// Brier score, confusion matrix, curve points and calibration bins. Browser-safe.

type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

function checkLengths(labels: Labels, scores: Scores, where: string): void {
  if (labels.length !== scores.length) {
    throw new Error(`${where}: ${labels.length} labels but ${scores.length} scores.`);
  }
}

/** Row indices sorted by decreasing score. */
function byScoreDescending(scores: Scores): Uint32Array {
  const order = Uint32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b] - scores[a]);
}

/** ROC AUC: the chance that a random positive scores above a random negative, ties counting
 *  one half (Mann–Whitney U with mid-ranks). NaN when one class is absent. */
export function rocAuc(labels: Labels, scores: Scores): number {
  checkLengths(labels, scores, "rocAuc");
  const order = byScoreDescending(scores);
  let positives = 0;
  let negatives = 0;
  let pairs = 0;

  // Walk groups of tied scores from the top: each negative ranks below every positive seen in
  // earlier groups, and half of the positives in its own group.
  for (let start = 0; start < order.length;) {
    let end = start;
    let groupPositives = 0;
    let groupNegatives = 0;
    while (end < order.length && scores[order[end]] === scores[order[start]]) {
      if (labels[order[end]] === 1) groupPositives++;
      else groupNegatives++;
      end++;
    }
    pairs += groupNegatives * (positives + groupPositives / 2);
    positives += groupPositives;
    negatives += groupNegatives;
    start = end;
  }
  return positives > 0 && negatives > 0 ? pairs / (positives * negatives) : Number.NaN;
}

export interface CurvePoint {
  threshold: number;
  truePositives: number;
  falsePositives: number;
}

/** One point per distinct score, from the highest: counts of rows scored at or above it. */
export function thresholdCounts(labels: Labels, scores: Scores): CurvePoint[] {
  checkLengths(labels, scores, "thresholdCounts");
  const order = byScoreDescending(scores);
  const points: CurvePoint[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (let i = 0; i < order.length; i++) {
    if (labels[order[i]] === 1) truePositives++;
    else falsePositives++;
    const last = i + 1 === order.length || scores[order[i + 1]] !== scores[order[i]];
    if (last) points.push({ threshold: scores[order[i]], truePositives, falsePositives });
  }
  return points;
}

/** Average precision: Σ (recall_k − recall_{k−1}) · precision_k over distinct thresholds, the
 *  step-wise area under the precision–recall curve. */
export function prAuc(labels: Labels, scores: Scores): number {
  const points = thresholdCounts(labels, scores);
  const positives = points.length ? points[points.length - 1].truePositives : 0;
  if (positives === 0) return Number.NaN;

  let area = 0;
  let previousRecall = 0;
  for (const point of points) {
    const recall = point.truePositives / positives;
    const precision = point.truePositives / (point.truePositives + point.falsePositives);
    area += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return area;
}

export function brierScore(labels: Labels, probabilities: Scores): number {
  checkLengths(labels, probabilities, "brierScore");
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probabilities[i] - labels[i]) ** 2;
  return labels.length ? sum / labels.length : Number.NaN;
}

export interface ConfusionMatrix {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

/** Counts with "accident" predicted when probability ≥ threshold. */
export function confusionMatrix(
  labels: Labels,
  scores: Scores,
  threshold: number,
): ConfusionMatrix {
  checkLengths(labels, scores, "confusionMatrix");
  const matrix = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i] >= threshold;
    if (labels[i] === 1) predicted ? matrix.truePositives++ : matrix.falseNegatives++;
    else predicted ? matrix.falsePositives++ : matrix.trueNegatives++;
  }
  return matrix;
}

export interface XYPoint {
  x: number;
  y: number;
  threshold: number;
}

/** Keeps at most maxPoints evenly spaced points, always with the first and the last. */
function thin<T>(points: T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points;
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => points[Math.round(k * step)]);
}

/** ROC curve: x = false positive rate, y = true positive rate, from (0, 0) upwards. */
export function rocCurve(labels: Labels, scores: Scores, maxPoints = 101): XYPoint[] {
  const points = thresholdCounts(labels, scores);
  const last = points[points.length - 1];
  if (!last) return [];
  const positives = last.truePositives;
  const negatives = last.falsePositives;
  const curve = [{ x: 0, y: 0, threshold: Number.POSITIVE_INFINITY }].concat(
    points.map((p) => ({
      x: negatives ? p.falsePositives / negatives : 0,
      y: positives ? p.truePositives / positives : 0,
      threshold: p.threshold,
    })),
  );
  return thin(curve, maxPoints);
}

/** Precision–recall curve: x = recall, y = precision, from the highest threshold down. */
export function prCurve(labels: Labels, scores: Scores, maxPoints = 101): XYPoint[] {
  const points = thresholdCounts(labels, scores);
  const positives = points.length ? points[points.length - 1].truePositives : 0;
  const curve = points.map((p) => ({
    x: positives ? p.truePositives / positives : 0,
    y: p.truePositives / (p.truePositives + p.falsePositives),
    threshold: p.threshold,
  }));
  return thin(curve, maxPoints);
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Equal-width probability bins with the mean prediction and the observed accident rate;
 *  empty bins are left out. */
export function calibrationBins(
  labels: Labels,
  probabilities: Scores,
  nBins = 10,
): CalibrationBin[] {
  checkLengths(labels, probabilities, "calibrationBins");
  const count = new Float64Array(nBins);
  const sumPredicted = new Float64Array(nBins);
  const sumObserved = new Float64Array(nBins);
  for (let i = 0; i < labels.length; i++) {
    const bin = Math.min(nBins - 1, Math.max(0, Math.floor(probabilities[i] * nBins)));
    count[bin]++;
    sumPredicted[bin] += probabilities[i];
    sumObserved[bin] += labels[i];
  }

  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    bins.push({
      lower: b / nBins,
      upper: (b + 1) / nBins,
      count: count[b],
      meanPredicted: sumPredicted[b] / count[b],
      observedRate: sumObserved[b] / count[b],
    });
  }
  return bins;
}

/** Returns the threshold among the scores that maximises F1 (ties: the higher threshold). */
export function bestF1Threshold(labels: Labels, scores: Scores): { threshold: number; f1: number } {
  const points = thresholdCounts(labels, scores);
  const positives = points.length ? points[points.length - 1].truePositives : 0;
  let best = { threshold: 0.5, f1: 0 };
  for (const p of points) {
    const f1 = positives
      ? (2 * p.truePositives) / (p.truePositives + p.falsePositives + positives)
      : 0;
    if (f1 > best.f1) best = { threshold: p.threshold, f1 };
  }
  return best;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length ? sum / values.length : Number.NaN;
}

/** Population standard deviation. */
export function standardDeviation(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return values.length ? Math.sqrt(sum / values.length) : Number.NaN;
}
