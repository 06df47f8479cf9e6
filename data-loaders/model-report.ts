// The model page and the importance part of the analysis page, from the gold/models asset:
// gold.model_runs (one row per candidate and validation), gold.model_metrics, gold.model_curves,
// gold.feature_importance, the model JSON artifact, and the run history in ops tables.
import type { Lake } from "../pipeline/lake/types.ts";
import {
  type FeatureRow, type ModelJson, parseModel, predictProba,
} from "../pipeline/ml/model-json.ts";
import { toJsonRows, withFreshLake } from "./lake-access.ts";

const VALIDATION_LABELS: Record<string, string> = {
  random_cv: "Aléatoire (plis stratifiés)",
  spatial_cv: "Spatiale (zones tenues à l'écart)",
  temporal: "Temporelle (mois suivants)",
};

// Partial dependence: the top features by importance, each over this many values.
const DEPENDENCE_FEATURES = 4;
const DEPENDENCE_STEPS = 16;

async function readTable(lake: Lake, table: `${string}.${string}`, sql: (view: string) => string) {
  const view = await lake.read(table);
  return toJsonRows(await lake.query(sql(view)));
}

/** Parses the current model JSON, found through gold.artifacts. */
export async function readModel(lake: Lake): Promise<ModelJson> {
  const [artifact] = await readTable(lake, "gold.artifacts",
    (view) => `SELECT path FROM ${view} WHERE name = 'model' ORDER BY created DESC LIMIT 1`);
  if (!artifact) {
    throw new Error("gold.artifacts has no row named 'model': rerun the gold/models asset.");
  }
  const body = await lake.readArtifact(String(artifact.path));
  return parseModel(new TextDecoder().decode(body));
}

async function readModelHistory(lake: Lake) {
  if (!(await lake.tableExists("ops.asset_materializations"))) return [];
  const rows = await readTable(lake, "ops.asset_materializations", (view) => `
    SELECT run_id, status, strftime(ended_at, '%Y-%m-%dT%H:%M:%S') AS ended_at, metadata, error
    FROM ${view} WHERE asset = 'gold/models' ORDER BY ended_at DESC`);
  return rows.map((row) => {
    const metadata = row.metadata ? JSON.parse(String(row.metadata)) : {};
    return {
      run_id: row.run_id,
      ended_at: row.ended_at,
      status: row.status,
      winner: metadata.winner ?? null,
      test_roc_auc: metadata.test_roc_auc ?? null,
      candidates: metadata.candidates ?? null,
      error: row.error,
    };
  });
}

export function loadModelReport() {
  return withFreshLake(["gold/models"], async (lake) => {
    const runs = await readTable(lake, "gold.model_runs", (view) => `
      SELECT candidate_id, family, validation, params, fold_aucs, mean_auc, std_auc, seconds,
             rank, is_winner
      FROM ${view} ORDER BY validation, rank NULLS LAST`);
    const metrics = await readTable(lake, "gold.model_metrics",
      (view) => `SELECT scope, metric, value FROM ${view}`);
    const curves = await readTable(lake, "gold.model_curves",
      (view) => `SELECT curve, position, x, y, threshold, count FROM ${view}
                 ORDER BY curve, position`);

    const metric = (scope: string, name: string) => {
      const row = metrics.find((m) => m.scope === scope && m.metric === name);
      if (!row) {
        throw new Error(`gold.model_metrics has no ${scope}/${name} row: rerun gold/models.`);
      }
      return Number(row.value);
    };
    const curve = (name: string) => curves.filter((c) => c.curve === name);
    const winner = runs.find((r) => r.validation === "random_cv" && r.is_winner);
    const positives = metric("test", "positives");

    return {
      modelName: winner ? String(winner.candidate_id) : null,
      family: winner ? String(winner.family) : null,
      threshold: metric("test", "threshold"),
      test: {
        auc: metric("test", "roc_auc"),
        prAuc: metric("test", "pr_auc"),
        brier: metric("test", "brier"),
        accidents: positives,
        negatives: metric("test", "rows") - positives,
      },
      candidates: runs.filter((r) => r.validation === "random_cv").map((r) => ({
        family: r.family,
        candidate: r.candidate_id,
        auc_mean: r.mean_auc,
        auc_std: r.std_auc,
        seconds: r.seconds,
        selected: r.is_winner,
        params: r.params,
      })),
      validation: runs.filter((r) => r.is_winner).map((r) => ({
        scheme: VALIDATION_LABELS[String(r.validation)] ?? r.validation,
        folds: JSON.parse(String(r.fold_aucs)).length,
        auc_mean: r.mean_auc,
        auc_std: r.std_auc,
      })),
      roc: curve("roc").map((c) => ({ fpr: c.x, tpr: c.y })),
      pr: curve("pr").map((c) => ({ recall: c.x, precision: c.y })),
      calibration: curve("calibration").map((c) => ({
        predicted: c.x, observed: c.y, count: c.count,
      })),
      confusion: {
        tp: metric("test", "true_positives"),
        fp: metric("test", "false_positives"),
        tn: metric("test", "true_negatives"),
        fn: metric("test", "false_negatives"),
      },
      runs: await readModelHistory(lake),
    };
  });
}

/** Mean predicted probability over the test rows with one feature set to each of `steps` values
 *  between its 5th and 95th percentiles (all of them for features with few values). */
// NOTE: interaction features (lat_hour, lon_hour…) keep their observed values while the swept
// feature changes, as in the usual partial dependence, which treats each column on its own.
export function partialDependence(
  model: ModelJson,
  rows: FeatureRow[],
  feature: string,
  steps: number,
): { feature: string; value: number; probability: number }[] {
  const observed = rows
    .map((row) => Number(row[feature]))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const distinct = [...new Set(observed)];
  let values = distinct;
  if (distinct.length > steps) {
    const low = observed[Math.floor(0.05 * (observed.length - 1))];
    const high = observed[Math.floor(0.95 * (observed.length - 1))];
    values = Array.from({ length: steps }, (_, i) => low + ((high - low) * i) / (steps - 1));
  }
  return values.map((value) => {
    const probabilities = predictProba(model, rows.map((row) => ({ ...row, [feature]: value })));
    const mean = probabilities.reduce((sum, p) => sum + p, 0) / probabilities.length;
    return { feature, value, probability: mean };
  });
}

export function loadFeatureImportance() {
  return withFreshLake(["gold/models"], async (lake) => {
    const importance = await readTable(lake, "gold.feature_importance", (view) => `
      SELECT feature, importance_mean AS importance, importance_std FROM ${view} ORDER BY rank`);
    const model = await readModel(lake);
    const testRows = (await readTable(lake, "gold.test", (view) => `SELECT * FROM ${view}`)) as
      FeatureRow[];

    // Categorical features (road_class, atm) have no order to sweep; keep numeric ones.
    const kinds = new Map(model.features.map((f) => [f.name, f.kind]));
    const top = importance
      .map((row) => String(row.feature))
      .filter((name) => kinds.has(name) && kinds.get(name) !== "categorical")
      .slice(0, DEPENDENCE_FEATURES);
    const dependence = top.flatMap((f) => partialDependence(model, testRows, f, DEPENDENCE_STEPS));

    return {
      modelName: String((model as ModelJson & { metadata?: { candidate_id?: string } })
        .metadata?.candidate_id ?? model.family),
      importanceKind: "permutation, baisse moyenne de l'AUC sur le jeu de test",
      importance,
      partialDependence: { features: top, rows: dependence },
    };
  });
}
