// Turns a model selection into the rows of gold.model_runs, gold.model_metrics,
// gold.model_curves and gold.feature_importance, and into MLflow runs.
import type { Candidate, CrossValidation } from "../../ml/search.ts";
import type { CellRow as Row, Column } from "./rows.ts";
import type { Selection, ValidationKind } from "./selection.ts";
import type { TrackedRun } from "./tracking.ts";

export const MODEL_RUN_COLUMNS: Column[] = [
  { name: "run_id", type: "VARCHAR" },
  { name: "candidate_id", type: "VARCHAR" },
  { name: "family", type: "VARCHAR" },
  { name: "validation", type: "VARCHAR" },
  { name: "params", type: "VARCHAR" },
  { name: "fold_aucs", type: "VARCHAR" },
  { name: "mean_auc", type: "DOUBLE" },
  { name: "std_auc", type: "DOUBLE" },
  { name: "seconds", type: "DOUBLE" },
  { name: "rank", type: "INTEGER" },
  { name: "is_winner", type: "BOOLEAN" },
];

export const MODEL_METRIC_COLUMNS: Column[] = [
  { name: "run_id", type: "VARCHAR" },
  { name: "family", type: "VARCHAR" },
  { name: "scope", type: "VARCHAR" },
  { name: "metric", type: "VARCHAR" },
  { name: "value", type: "DOUBLE" },
];

export const MODEL_CURVE_COLUMNS: Column[] = [
  { name: "run_id", type: "VARCHAR" },
  { name: "curve", type: "VARCHAR" },
  { name: "position", type: "INTEGER" },
  { name: "x", type: "DOUBLE" },
  { name: "y", type: "DOUBLE" },
  { name: "threshold", type: "DOUBLE" },
  { name: "count", type: "DOUBLE" },
];

export const IMPORTANCE_COLUMNS: Column[] = [
  { name: "run_id", type: "VARCHAR" },
  { name: "feature", type: "VARCHAR" },
  { name: "rank", type: "INTEGER" },
  { name: "importance_mean", type: "DOUBLE" },
  { name: "importance_std", type: "DOUBLE" },
];

export const candidateId = (c: Candidate) => `${c.family}-${String(c.index).padStart(2, "0")}`;

const rounded = (values: number[]) => values.map((v) => Number(v.toFixed(6)));

function runRow(
  runId: string,
  candidate: Candidate,
  validation: ValidationKind,
  result: CrossValidation,
  rank: number | null,
  isWinner: boolean,
): Row {
  return {
    run_id: runId,
    candidate_id: candidateId(candidate),
    family: candidate.family,
    validation,
    params: JSON.stringify(candidate.params),
    fold_aucs: JSON.stringify(rounded(result.foldAucs)),
    mean_auc: result.meanAuc,
    std_auc: result.stdAuc,
    seconds: result.seconds,
    rank,
    is_winner: isWinner,
  };
}

/** Returns one row per search candidate (random CV), then the winner's spatial and temporal
 *  rows. */
export function modelRunRows(runId: string, selection: Selection): Row[] {
  const rows = selection.candidates.map((candidate, i) =>
    runRow(runId, candidate, "random_cv", candidate, i + 1, i === 0),
  );
  for (const kind of ["spatial_cv", "temporal"] as const) {
    rows.push(runRow(runId, selection.winner, kind, selection.validations[kind], null, true));
  }
  return rows;
}

/** Scalar metrics of the winner: test scores, confusion matrix at the threshold, the mean AUC
 *  of each validation design, and the calibration comparison. */
export function modelMetricRows(runId: string, selection: Selection): Row[] {
  const family = selection.winner.family;
  const row = (scope: string, metric: string, value: number): Row => ({
    run_id: runId,
    family,
    scope,
    metric,
    value,
  });
  const { test } = selection;
  const {
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
  } = test.confusion;

  const rows = [
    row("test", "roc_auc", test.rocAuc),
    row("test", "pr_auc", test.prAuc),
    row("test", "brier", test.brier),
    row("test", "threshold", test.threshold),
    row("test", "true_positives", tp),
    row("test", "false_positives", fp),
    row("test", "true_negatives", tn),
    row("test", "false_negatives", fn),
    row("test", "precision", tp + fp > 0 ? tp / (tp + fp) : Number.NaN),
    row("test", "recall", tp + fn > 0 ? tp / (tp + fn) : Number.NaN),
    row("test", "positives", tp + fn),
    row("test", "rows", tp + fp + tn + fn),
  ];
  for (const [kind, result] of Object.entries(selection.validations)) {
    rows.push(row(kind, "roc_auc_mean", result.meanAuc), row(kind, "roc_auc_std", result.stdAuc));
  }
  for (const [method, brier] of Object.entries(selection.calibration.brier)) {
    rows.push(row("calibration", `brier_${method}`, brier));
  }
  return rows;
}

export function modelCurveRows(runId: string, selection: Selection): Row[] {
  const { test } = selection;
  const point = (
    curve: string,
    position: number,
    x: number,
    y: number,
    threshold: number,
    count: number | null,
  ): Row => ({
    run_id: runId,
    curve,
    position,
    x,
    y,
    // The ROC curve starts at an infinite threshold, which Parquet stores but JSON cannot.
    threshold: Number.isFinite(threshold) ? threshold : null,
    count,
  });
  return [
    ...test.rocCurve.map((p, i) => point("roc", i, p.x, p.y, p.threshold, null)),
    ...test.prCurve.map((p, i) => point("pr", i, p.x, p.y, p.threshold, null)),
    ...test.calibrationBins.map((b, i) =>
      point("calibration", i, b.meanPredicted, b.observedRate, b.lower, b.count),
    ),
  ];
}

export function importanceRows(runId: string, selection: Selection): Row[] {
  return selection.importance.map((item, i) => ({
    run_id: runId,
    feature: item.feature,
    rank: i + 1,
    importance_mean: item.importanceMean,
    importance_std: item.importanceStd,
  }));
}

/** Returns the same runs as gold.model_runs, for MLflow. The winner's random-CV run also carries
 *  its test scores and the model JSON as an artifact. */
export function trackedRuns(
  runId: string,
  selection: Selection,
  endTime: number,
  modelJson: string,
): TrackedRun[] {
  const runs = modelRunRows(runId, selection);
  return runs.map((row) => {
    const params = JSON.parse(String(row.params)) as Record<string, unknown>;
    const metrics: TrackedRun["metrics"] = {
      fold_auc: JSON.parse(String(row.fold_aucs)) as number[],
      mean_auc: Number(row.mean_auc),
      std_auc: Number(row.std_auc),
      seconds: Number(row.seconds),
    };
    const isWinnerRun = row.is_winner === true && row.validation === "random_cv";
    if (isWinnerRun) {
      metrics.test_roc_auc = selection.test.rocAuc;
      metrics.test_pr_auc = selection.test.prAuc;
      metrics.test_brier = selection.test.brier;
      metrics.threshold = selection.test.threshold;
    }
    return {
      name: `${row.candidate_id} ${row.validation}`,
      params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
      metrics,
      tags: {
        pipeline_run_id: runId,
        family: String(row.family),
        validation: String(row.validation),
        is_winner: String(row.is_winner),
      },
      startTime: endTime - Math.round(Number(row.seconds) * 1000),
      endTime,
      artifacts: isWinnerRun ? { "model.json": modelJson } : undefined,
    };
  });
}
