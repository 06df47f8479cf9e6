// ACCIDENTS_DEPARTMENT picks the accidents of bronze.accidents_nc: two real accidents of New
// Caledonia (988) and the first accident of 2020, in Essonne (91).
import assert from "node:assert/strict";
import { test } from "node:test";
import { materialize } from "../../pipeline/assets/runner.ts";
import { readSettings } from "../../pipeline/config.ts";
import { bronzeAssets } from "../../pipeline/stages/bronze/index.ts";
import { NC_ACCIDENTS, tempLake, writeBaacFolder } from "./support.ts";

const ESSONNE_ACCIDENT = "202000000001";
const folder = writeBaacFolder([ESSONNE_ACCIDENT, ...NC_ACCIDENTS]);

async function accidentsOf(department: string): Promise<Array<[string, string]>> {
  const { lake, env } = await tempLake();
  const settings = readSettings({
    ...env,
    ACCIDENTS_SOURCE: folder,
    ACCIDENTS_YEARS: "2020",
    ACCIDENTS_DEPARTMENT: department,
  });
  const summary = await materialize(["+bronze/accidents_nc"], {
    assets: bronzeAssets,
    lake,
    settings,
    log: () => {},
  });
  assert.equal(summary.failed, false);

  const view = await lake.read("bronze.accidents_nc");
  const rows = await lake.query<{ num_acc: string; dep: string }>(
    `SELECT num_acc, dep FROM ${view} ORDER BY num_acc`,
  );
  await lake.close();
  return rows.map((row) => [row.num_acc, row.dep]);
}

test("default département is 988", async () => {
  assert.deepEqual(await accidentsOf("988"), [
    ["202000000081", "988"],
    ["202000000102", "988"],
  ]);
});

test("metropolitan département", async () => {
  assert.deepEqual(await accidentsOf("91"), [["202000000001", "91"]]);
});

test("all keeps every département", async () => {
  assert.deepEqual(await accidentsOf("all"), [
    ["202000000001", "91"],
    ["202000000081", "988"],
    ["202000000102", "988"],
  ]);
});
