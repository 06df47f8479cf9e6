// Asset gold/models: randomized search over the model families on gold.train, honest validation
// of the winner, its calibrated refit scored once on gold.test, tracked in lake tables, JSON
// artifacts and, when MLFLOW_TRACKING_URI is set, MLflow.
import { availableParallelism } from "node:os";

import { defineAsset } from "../../assets/define.ts";
import type { TableName } from "../../lake/types.ts";
import { replaceArtifacts, writeJsonArtifacts } from "./artifacts.ts";
import { FEATURES, WEATHER_ENCODER, featureSpecs } from "./features.ts";
import { loadGoldRows } from "./load.ts";
import {
  IMPORTANCE_COLUMNS,
  MODEL_CURVE_COLUMNS,
  MODEL_METRIC_COLUMNS,
  MODEL_RUN_COLUMNS,
  candidateId,
  importanceRows,
  modelCurveRows,
  modelMetricRows,
  modelRunRows,
  trackedRuns,
} from "./model-tables.ts";
import { type CellRow, type Column, stageRows } from "./rows.ts";
import { type Selection, defaultSelectionOptions, selectModel } from "./selection.ts";
import { trackRuns } from "./tracking.ts";

const fixed = (x: number) => x.toFixed(3);

/** Formats one line with the winner and its scores under each validation design. */
export function summaryLine(selection: Selection): string {
  const { winner, validations, test } = selection;
  const score = (kind: keyof typeof validations) =>
    `${fixed(validations[kind].meanAuc)}±${fixed(validations[kind].stdAuc)}`;
  return (
    `winner ${candidateId(winner)}  AUC random CV ${score("random_cv")}  spatial CV ` +
    `${score("spatial_cv")}  temporal ${score("temporal")}  test ${fixed(test.rocAuc)}  ` +
    `calibration ${selection.model.calibration.method}  threshold ${fixed(test.threshold)}`
  );
}

export const goldModels = defineAsset({
  key: "gold/models",
  group: "gold",
  deps: ["gold/datasets"],
  description:
    "Randomized search (logistic regression, random forest, gradient boosting) with 5-fold " +
    "stratified CV; the winner's spatial and temporal scores, calibration, threshold, test " +
    "metrics and permutation importance; the model JSON for the site.",
  tables: [
    "gold.model_runs",
    "gold.model_metrics",
    "gold.model_curves",
    "gold.feature_importance",
    "gold.artifacts",
  ],
  codeVersion: "1",
  parameters: (settings) => ({
    seed: settings.seed,
    candidatesPerFamily: settings.searchCandidates,
    ...defaultSelectionOptions,
  }),

  async materialize({ lake, tx, settings, runId, log }) {
    const features = featureSpecs();
    const train = await loadGoldRows(lake, "gold.train", features);
    const test = await loadGoldRows(lake, "gold.test", features);

    const selection = await selectModel(train, test, features, {
      ...defaultSelectionOptions,
      candidatesPerFamily: settings.searchCandidates,
      workers: settings.modelWorkers || availableParallelism(),
      seed: settings.seed,
    });
    log(summaryLine(selection));

    const model = {
      ...selection.model,
      metadata: {
        run_id: runId,
        candidate_id: candidateId(selection.winner),
        trained_rows: train.dataset.labels.length,
        test_roc_auc: selection.test.rocAuc,
        random_cv_auc: selection.validations.random_cv.meanAuc,
        spatial_cv_auc: selection.validations.spatial_cv.meanAuc,
        temporal_auc: selection.validations.temporal.meanAuc,
      },
    };
    const records = await writeJsonArtifacts(lake, "models", runId, {
      model,
      threshold: {
        threshold: selection.test.threshold,
        rule: "max F1 on calibrated out-of-fold predictions",
      },
      model_features: {
        features,
        descriptions: Object.fromEntries(FEATURES.map((f) => [f.name, f.description])),
      },
      model_weather_encoder: WEATHER_ENCODER,
    });

    await tx.createSchema("gold");
    const write = async (table: TableName, temp: string, columns: Column[], rows: CellRow[]) => {
      const staged = await stageRows(lake, temp, columns, rows);
      return tx.createOrReplace(table, `SELECT * FROM ${staged}`);
    };
    const runRows = modelRunRows(runId, selection);
    let rows = await write("gold.model_runs", "gold_model_runs", MODEL_RUN_COLUMNS, runRows);
    rows += await write(
      "gold.model_metrics",
      "gold_model_metrics",
      MODEL_METRIC_COLUMNS,
      modelMetricRows(runId, selection),
    );
    rows += await write(
      "gold.model_curves",
      "gold_model_curves",
      MODEL_CURVE_COLUMNS,
      modelCurveRows(runId, selection),
    );
    rows += await write(
      "gold.feature_importance",
      "gold_feature_importance",
      IMPORTANCE_COLUMNS,
      importanceRows(runId, selection),
    );
    await replaceArtifacts(lake, tx, records);

    const metadata: Record<string, string | number | boolean> = {
      winner: candidateId(selection.winner),
      test_roc_auc: Number(fixed(selection.test.rocAuc)),
      candidates: selection.candidates.length,
    };
    if (settings.mlflowTrackingUri) {
      const runs = trackedRuns(runId, selection, Date.now(), JSON.stringify(model));
      try {
        const tracked = await trackRuns(settings.mlflowTrackingUri, runs);
        metadata.mlflow_runs = tracked.runIds.length;
        for (const warning of tracked.warnings) log(`warning: MLflow: ${warning}`);
      } catch (error) {
        // Tracking is a copy of gold.model_runs: its failure must not throw away the training.
        const message = (error as Error).message;
        log(`warning: MLflow tracking at ${settings.mlflowTrackingUri} failed: ${message}`);
        metadata.mlflow_error = message.slice(0, 200);
      }
    }
    return { rows, metadata };
  },
});
