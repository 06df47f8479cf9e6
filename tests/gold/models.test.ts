import assert from "node:assert/strict";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";

import { parseModel, predictProba } from "../../pipeline/ml/model-json.ts";
import { goldDatasets } from "../../pipeline/stages/gold/datasets.ts";
import { goldModels } from "../../pipeline/stages/gold/models.ts";
import {
  type TestLake,
  materializeAsset,
  openTestLake,
  silverRows,
  writeSilverDataset,
} from "./support.ts";

interface Recorded {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
  text: string;
}

/** Starts a stand-in MLflow server on 127.0.0.1 that records requests and replies as MLflow 2
 *  does for the routes the client uses. */
async function startMlflow(): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  let runs = 0;
  const read = async (request: IncomingMessage) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    return text;
  };
  const server = createServer(async (request, response) => {
    const text = await read(request);
    const isJson = request.headers["content-type"] === "application/json";
    const body = isJson && text ? (JSON.parse(text) as Record<string, unknown>) : null;
    requests.push({ method: request.method ?? "", url: request.url ?? "", body, text });
    response.setHeader("content-type", "application/json");
    if (request.url?.startsWith("/api/2.0/mlflow/experiments/get-by-name")) {
      response.statusCode = 404;
      response.end(JSON.stringify({ error_code: "RESOURCE_DOES_NOT_EXIST" }));
    } else if (request.url === "/api/2.0/mlflow/experiments/create") {
      response.end(JSON.stringify({ experiment_id: "7" }));
    } else if (request.url === "/api/2.0/mlflow/runs/create") {
      runs++;
      const info = {
        run_id: `run${runs}`,
        artifact_uri: `mlflow-artifacts:/7/run${runs}/artifacts`,
      };
      response.end(JSON.stringify({ run: { info } }));
    } else {
      response.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

describe("gold/models on 60 accidents and 240 negatives", () => {
  let lake: TestLake;
  let mlflow: Awaited<ReturnType<typeof startMlflow>>;
  let first: Awaited<ReturnType<typeof materializeAsset>>;

  before(async () => {
    mlflow = await startMlflow();
    lake = await openTestLake({ MODEL_SEARCH_CANDIDATES: "2", MLFLOW_TRACKING_URI: mlflow.url });
    await writeSilverDataset(lake.lake, silverRows(60, 2));
    await materializeAsset(lake, goldDatasets);
    first = await materializeAsset(lake, goldModels, "models-run-1");
  });
  after(async () => {
    await lake?.close();
    mlflow?.server.close();
  });

  test("every family is searched", async () => {
    const view = await lake.lake.read("gold.model_runs");
    const rows = await lake.lake.query<{ family: string; validation: string; n: number }>(
      `SELECT family, validation, count(*) AS n FROM ${view} GROUP BY ALL ORDER BY ALL`,
    );
    const random = rows.filter((r) => r.validation === "random_cv");
    assert.deepEqual(
      random.map((r) => [r.family, Number(r.n)]),
      [
        ["gradient_boosting", 2],
        ["logistic_regression", 2],
        ["random_forest", 2],
      ],
    );
    const winner = rows.filter((r) => r.validation !== "random_cv").map((r) => r.validation);
    assert.deepEqual(winner, ["spatial_cv", "temporal"]);
  });

  test("winner scores are logged", () => {
    assert.equal(first.log.length, 1);
    assert.match(
      first.log[0],
      /^winner \w+-\d\d {2}AUC random CV 0\.\d{3}±0\.\d{3} {2}spatial CV .* test 0\.\d{3}/,
    );
    assert.match(first.log[0], / {2}temporal 0\.\d{3}±0\.\d{3} {2}/);
  });

  test("model JSON scores like the lake says", async () => {
    const artifacts = await lake.lake.read("gold.artifacts");
    const [row] = await lake.lake.query<{ path: string }>(
      `SELECT path FROM ${artifacts} WHERE name = 'model'`,
    );
    assert.match(row.path, /^artifacts\/models\/models-run-1\/model\.json$/);
    const model = parseModel(Buffer.from(await lake.lake.readArtifact(row.path)).toString());

    const test_ = await lake.lake.read("gold.test");
    const rows = await lake.lake.query<Record<string, number | string | null>>(
      `SELECT * FROM ${test_} ORDER BY row_id`,
    );
    const probabilities = predictProba(model, rows);
    assert.equal(probabilities.length, 60);
    assert.ok(probabilities.every((p) => p >= 0 && p <= 1));

    // The stored test AUC is the one this JSON model reproduces.
    const metrics = await lake.lake.read("gold.model_metrics");
    const [auc] = await lake.lake.query<{ value: number }>(
      `SELECT value FROM ${metrics} WHERE scope = 'test' AND metric = 'roc_auc'`,
    );
    const { rocAuc } = await import("../../pipeline/ml/metrics.ts");
    const labels = rows.map((r) => Number(r.is_accident));
    assert.ok(Math.abs(rocAuc(labels, probabilities) - auc.value) < 1e-12);
  });

  test("confusion matrix covers the test set", async () => {
    const rows = await lake.lake.query<{ metric: string; value: number }>(
      `SELECT metric, value FROM gold_model_metrics WHERE scope = 'test'
        AND metric IN ('true_positives', 'false_positives', 'true_negatives', 'false_negatives')`,
    );
    assert.equal(
      rows.reduce((sum, r) => sum + r.value, 0),
      60,
    );
  });

  test("MLflow receives every run", async () => {
    const paths = mlflow.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`);
    assert.equal(paths[0], "GET /api/2.0/mlflow/experiments/get-by-name");
    assert.equal(mlflow.requests[0].url.split("?")[1], "experiment_name=accidents-nc");
    assert.equal(paths[1], "POST /api/2.0/mlflow/experiments/create");
    assert.deepEqual(mlflow.requests[1].body, { name: "accidents-nc" });
    // 6 candidates plus the winner's spatial and temporal runs, each created, logged, closed.
    assert.equal(paths.filter((p) => p.endsWith("/runs/create")).length, 8);
    assert.equal(paths.filter((p) => p.endsWith("/runs/log-batch")).length, 8);
    assert.equal(paths.filter((p) => p.endsWith("/runs/update")).length, 8);

    const batch = mlflow.requests.find((r) => r.url.endsWith("/runs/log-batch"))?.body ?? {};
    assert.equal(batch.run_id, "run1");
    const metrics = batch.metrics as { key: string; step: number }[];
    assert.deepEqual(
      metrics.filter((m) => m.key === "fold_auc").map((m) => m.step),
      [0, 1, 2, 3, 4],
    );
    assert.equal(first.metadata?.mlflow_runs, 8);
  });

  test("MLflow receives the winner's model", () => {
    const uploads = mlflow.requests.filter((r) => r.method === "PUT");
    assert.deepEqual(
      uploads.map((r) => r.url),
      ["/api/2.0/mlflow-artifacts/artifacts/7/run1/artifacts/model.json"],
    );
    const model = parseModel(uploads[0].text);
    assert.equal(model.metadata?.run_id, "models-run-1");
  });

  test("same seed gives same metrics", async () => {
    const snapshot = async () =>
      lake.lake.query<{ scope: string; metric: string; value: number }>(
        `SELECT scope, metric, value FROM ${await lake.lake.read("gold.model_metrics")}
          ORDER BY scope, metric`,
      );
    const before_ = await snapshot();
    await materializeAsset(lake, goldModels, "models-run-2");
    assert.deepEqual(await snapshot(), before_);
  });
});
