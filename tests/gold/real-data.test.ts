// Acceptance on the real 2020+2021 accidents of New Caledonia: the silver rows are built in
// memory from the BAAC files and the road files, then the gold assets run on a temporary lake.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { buildRoadSegments, findIntersections } from "../../pipeline/geo/network.ts";
import { rocAuc } from "../../pipeline/ml/metrics.ts";
import { parseModel, predictProba } from "../../pipeline/ml/model-json.ts";
import { readRoadSources } from "../../pipeline/sources/roads.ts";
import { territoryBox } from "../../pipeline/stages/bronze/territory.ts";
import { goldDatasets } from "../../pipeline/stages/gold/datasets.ts";
import { goldModels } from "../../pipeline/stages/gold/models.ts";
import type { CellRow } from "../../pipeline/stages/gold/rows.ts";
import { buildFullDataset } from "../../pipeline/stages/silver/build-dataset.ts";
import { loadRealAccidents, ROAD_FILES } from "../silver/real-accidents.ts";
import { type TestLake, materializeAsset, openTestLake, writeSilverDataset } from "./support.ts";

describe("gold on the real 602 accidents", () => {
  let lake: TestLake;
  let first: Awaited<ReturnType<typeof materializeAsset>>;

  before(async () => {
    const roads = await readRoadSources({
      sources: ROAD_FILES,
      department: "988",
      cacheDir: "unused",
      overpassUrl: "unused",
    });
    const segments = buildRoadSegments(roads.lines);
    const silver = buildFullDataset(
      await loadRealAccidents(),
      segments,
      findIntersections(segments),
      {
        negativesPerAccident: 4,
        seed: 42,
        territory: territoryBox("988"),
      },
    );

    // 3 candidates per family keep the test short; the pipeline default is 20.
    lake = await openTestLake({ MODEL_SEARCH_CANDIDATES: "3" });
    await writeSilverDataset(lake.lake, silver.rows as unknown as CellRow[]);
    await materializeAsset(lake, goldDatasets);
    first = await materializeAsset(lake, goldModels, "real-run-1");
  });
  after(async () => lake?.close());

  test("datasets hold 602 accidents", async () => {
    const [row] = await lake.lake.query<{ rows: number; accidents: number }>(
      `SELECT count(*) AS rows, sum(is_accident) AS accidents FROM (
         SELECT is_accident FROM ${await lake.lake.read("gold.train")}
         UNION ALL SELECT is_accident FROM ${await lake.lake.read("gold.test")})`,
    );
    assert.equal(Number(row.rows), 3010);
    assert.equal(Number(row.accidents), 602);
  });

  test("all families and validations run", async () => {
    const rows = await lake.lake.query<{ family: string; validation: string; auc: number }>(
      `SELECT family, validation, max(mean_auc) AS auc
         FROM ${await lake.lake.read("gold.model_runs")} GROUP BY ALL ORDER BY ALL`,
    );
    const random = rows.filter((r) => r.validation === "random_cv").map((r) => r.family);
    assert.deepEqual(random, ["gradient_boosting", "logistic_regression", "random_forest"]);
    for (const kind of ["random_cv", "spatial_cv", "temporal"]) {
      const row = rows.find((r) => r.validation === kind);
      assert.ok(row, `${kind}: no run`);
      assert.ok(row.auc > 0.5, `${kind}: AUC ${row.auc}`);
      assert.ok(row.auc < 1, `${kind}: AUC ${row.auc}`);
    }
    assert.match(first.log[0], /^winner .* spatial CV .* temporal .* test /);
  });

  test("JSON model reproduces the test AUC", async () => {
    const artifacts = await lake.lake.read("gold.artifacts");
    const [{ path }] = await lake.lake.query<{ path: string }>(
      `SELECT path FROM ${artifacts} WHERE name = 'model'`,
    );
    const model = parseModel(Buffer.from(await lake.lake.readArtifact(path)).toString());
    const rows = await lake.lake.query<Record<string, number | string | null>>(
      `SELECT * FROM ${await lake.lake.read("gold.test")} ORDER BY row_id`,
    );
    const probabilities = predictProba(model, rows);
    const [stored] = await lake.lake.query<{ value: number }>(
      `SELECT value FROM ${await lake.lake.read("gold.model_metrics")}
        WHERE scope = 'test' AND metric = 'roc_auc'`,
    );
    const labels = rows.map((r) => Number(r.is_accident));
    assert.ok(Math.abs(rocAuc(labels, probabilities) - stored.value) < 1e-9);
  });

  test("same seed gives same metrics", async () => {
    const metrics = async () =>
      lake.lake.query<{ scope: string; metric: string; value: number }>(
        `SELECT scope, metric, value FROM ${await lake.lake.read("gold.model_metrics")}
          ORDER BY scope, metric`,
      );
    const before_ = await metrics();
    await materializeAsset(lake, goldModels, "real-run-2");
    assert.deepEqual(await metrics(), before_);
  });
});
