import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";

import { goldDatasets } from "../../pipeline/stages/gold/datasets.ts";
import { FEATURES } from "../../pipeline/stages/gold/features.ts";
import {
  type TestLake,
  materializeAsset,
  openTestLake,
  silverRows,
  writeSilverDataset,
} from "./support.ts";

describe("gold/datasets on 50 accidents and 200 negatives", () => {
  let test_: TestLake;
  before(async () => {
    test_ = await openTestLake();
    await writeSilverDataset(test_.lake, silverRows(50, 1));
    await materializeAsset(test_, goldDatasets);
  });
  after(async () => test_?.close());

  test("split is 80/20 and stratified", async () => {
    const [counts] = await test_.lake.query<{
      train: number;
      test: number;
      train_pos: number;
      test_pos: number;
    }>(
      `SELECT (SELECT count(*) FROM ${await test_.lake.read("gold.train")}) AS train,
              (SELECT count(*) FROM ${await test_.lake.read("gold.test")}) AS test,
              (SELECT sum(is_accident) FROM gold_train) AS train_pos,
              (SELECT sum(is_accident) FROM gold_test) AS test_pos`,
    );
    assert.equal(Number(counts.train), 200);
    assert.equal(Number(counts.test), 50);
    // 20 % of 50 accidents and of 200 negatives.
    assert.equal(Number(counts.test_pos), 10);
    assert.equal(Number(counts.train_pos), 40);
  });

  test("train and test share no row", async () => {
    const [overlap] = await test_.lake.query<{ n: number }>(
      "SELECT count(*) AS n FROM gold_train JOIN gold_test USING (row_id)",
    );
    assert.equal(Number(overlap.n), 0);
  });

  test("feature_metadata lists features in order", async () => {
    const view = await test_.lake.read("gold.feature_metadata");
    const rows = await test_.lake.query<{
      name: string;
      position: number;
      kind: string;
      categories: string | null;
    }>(`SELECT * FROM ${view} ORDER BY position`);
    assert.deepEqual(
      rows.map((r) => r.name),
      FEATURES.map((f) => f.name),
    );
    const road = rows.find((r) => r.name === "road_class");
    assert.equal(road?.kind, "categorical");
    assert.ok(JSON.parse(road?.categories ?? "[]").includes("residential"));
  });

  test("artifacts match their checksums", async () => {
    const view = await test_.lake.read("gold.artifacts");
    const rows = await test_.lake.query<{
      name: string;
      path: string;
      sha256: string;
      run_id: string;
    }>(`SELECT * FROM ${view} ORDER BY name`);
    assert.deepEqual(
      rows.map((r) => r.name),
      ["datasets_manifest", "features", "weather_encoder"],
    );
    for (const row of rows) {
      const body = await test_.lake.readArtifact(row.path);
      assert.equal(createHash("sha256").update(body).digest("hex"), row.sha256, row.path);
      assert.equal(row.run_id, "test-run");
    }
    const encoder = JSON.parse(Buffer.from(await test_.lake.readArtifact(rows[2].path)).toString());
    assert.equal(encoder.heavy_rain.atm, 3);
  });

  test("same seed gives same split", async () => {
    const before_ = await test_.lake.query<{ ids: string }>(
      "SELECT string_agg(row_id::VARCHAR, ',' ORDER BY row_id) AS ids FROM gold_test",
    );
    await materializeAsset(test_, goldDatasets, "second-run");
    const again = await test_.lake.query<{ ids: string }>(
      `SELECT string_agg(row_id::VARCHAR, ',' ORDER BY row_id) AS ids
         FROM ${await test_.lake.read("gold.test")}`,
    );
    assert.equal(again[0].ids, before_[0].ids);
  });
});
