import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { AssetDefinition } from "../../pipeline/assets/define.ts";
import { readSettings, type Settings } from "../../pipeline/config.ts";
import { openLake } from "../../pipeline/lake/index.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { roadsAsset } from "../../pipeline/stages/bronze/roads.ts";
import { fullDatasetAsset } from "../../pipeline/stages/silver/full-dataset.ts";
import { PlaceFeatureIndex } from "../../pipeline/stages/silver/place-features.ts";
import { ROAD_FILES, realAccidentsSql } from "./real-accidents.ts";

// The columns of bronze.accidents_nc the silver stage reads, straight from the BAAC files, so this
// test does not depend on the bronze stage.
function accidentsQuery(duplicateOne: boolean): string {
  const select = realAccidentsSql();
  return duplicateOne ? `${select} UNION ALL (${select} ORDER BY num_acc LIMIT 1)` : select;
}

async function materialize(lake: Lake, settings: Settings, asset: AssetDefinition) {
  let result: Awaited<ReturnType<AssetDefinition["materialize"]>> | undefined;
  const commit = await lake.commit({ message: asset.key }, async (tx) => {
    result = await asset.materialize({ settings, lake, tx, runId: "test", log: () => undefined });
  });
  return { ...result!, snapshotId: commit.snapshotId };
}

async function tableChecksum(lake: Lake, snapshot: number): Promise<string> {
  const view = await lake.read("silver.full_dataset", { snapshot, as: `full_${snapshot}` });
  const [row] = await lake.query<{ checksum: string }>(
    `SELECT md5(string_agg(CAST(t AS VARCHAR), '|' ORDER BY row_id)) AS checksum FROM ${view} t`,
  );
  return row.checksum;
}

describe("bronze/roads and silver/full_dataset on a lake", () => {
  let folder: string;
  let lake: Lake;
  let settings: Settings;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), "silver-assets-"));
    settings = readSettings({
      DUCKLAKE_DATABASE_URL: join(folder, "catalog.ducklake"),
      DUCKLAKE_DATA_PATH: join(folder, "files"),
      ROADS_SOURCE: ROAD_FILES.join(","),
      NEGATIVES_PER_ACCIDENT: "4",
      PIPELINE_SEED: "42",
      ACCIDENTS_CACHE_DIR: join(folder, "cache"),
    });
    lake = await openLake(settings.lake);
    await lake.createOrReplace("bronze.accidents_nc", accidentsQuery(false));
  });

  after(async () => {
    await lake?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("lists the road files with their checksums", async () => {
    const inputs = await roadsAsset.inputs!(settings, () => undefined);
    assert.deepEqual(
      inputs.map((input) => input.path),
      ROAD_FILES,
    );
    // The published checksum of the BDROUTE-NC extract of Nouméa.
    assert.equal(
      inputs[0].sha256,
      "468b451f3fbb78802eebb40de90daadbf2cccd34bc22250643b0e5fb02c90864",
    );
  });

  it("writes the roads and their intersections", async () => {
    const result = await materialize(lake, settings, roadsAsset);
    assert.equal(result.metadata?.segments, 9532, "9,526 Nouméa lines and 6 main roads");
    assert.equal(result.metadata?.intersections, 5077);
    const view = await lake.read("bronze.roads");
    const [classes] = await lake.query<{ trunk: number; primary: number; unknown: number }>(
      `SELECT count(*) FILTER (road_class = 'trunk') AS trunk,
              count(*) FILTER (road_class = 'primary') AS primary,
              count(*) FILTER (road_class = 'unknown') AS unknown FROM ${view}`,
    );
    assert.equal(classes.trunk, 3, "E1, E2 and RT1");
    assert.equal(classes.primary, 3, "RT2, RT3 and RT4");
    assert.equal(classes.unknown, 9526);
  });

  it("writes the feature store and a passing quality report", async () => {
    const result = await materialize(lake, settings, fullDatasetAsset);
    assert.equal(result.rows, 602 * 5);
    const report = await lake.read("silver.quality_report");
    const failed = await lake.query<{ check_name: string }>(
      `SELECT check_name FROM ${report} WHERE blocking AND NOT passed`,
    );
    assert.deepEqual(failed, []);

    const view = await lake.read("silver.full_dataset");
    const [row] = await lake.query<{ event_time: string; dayofweek: number; is_holiday: number }>(
      `SELECT CAST(event_time AS VARCHAR) AS event_time, dayofweek, is_holiday
       FROM ${view} WHERE num_acc = '202000025808'`,
    );
    assert.deepEqual(row, { event_time: "2020-04-13 19:05:00", dayofweek: 0, is_holiday: 1 });
  });

  it("scores a new place like a negative", async () => {
    const places = await PlaceFeatureIndex.fromLake(lake);
    const view = await lake.read("silver.full_dataset");
    const [negative] = await lake.query<Record<string, number | string>>(
      `SELECT * FROM ${view} WHERE is_accident = 0 ORDER BY row_id LIMIT 1`,
    );
    const place = places.at(Number(negative.latitude), Number(negative.longitude));
    assert.equal(place.accident_density_5km, negative.accident_density_5km);
    assert.equal(place.n_intersections_200m, negative.n_intersections_200m);
    assert.equal(place.road_class, negative.road_class);
    assert.equal(place.dist_to_road_m, negative.dist_to_road_m);
  });

  it("writes the same table again for the same seed", async () => {
    const first = await lake.currentSnapshot();
    const again = await materialize(lake, settings, fullDatasetAsset);
    assert.notEqual(again.snapshotId, first);
    assert.equal(await tableChecksum(lake, again.snapshotId), await tableChecksum(lake, first));
  });

  it("fails on a failed blocking check", async () => {
    await lake.createOrReplace("bronze.accidents_nc", accidentsQuery(true));
    await assert.rejects(
      materialize(lake, settings, fullDatasetAsset),
      /blocking quality check\(s\) failed:[\s\S]*duplicate_num_acc: 1/,
    );
  });
});
