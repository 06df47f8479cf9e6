// Territory boxes: the check that sends coordinates outside a département to rejected rows.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { insideTerritorySql, territoryBox } from "../../pipeline/stages/bronze/territory.ts";

async function inside(dep: string, latitude: number, longitude: number): Promise<boolean> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const sql = insideTerritorySql("dep", "lat", "lon");
  const reader = await connection.runAndReadAll(
    `SELECT ${sql} AS inside FROM ` +
      `(SELECT '${dep}' AS dep, ${latitude} AS lat, ${longitude} AS lon)`,
  );
  const [row] = reader.getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
  return row.inside as boolean;
}

test("New Caledonia keeps the Loyalty Islands", async () => {
  // Extremes of the 602 accidents of 2020-2021: latitude -22.67..-20.22, longitude 164.07..168.11.
  assert.equal(await inside("988", -22.67, 166.45), true);
  assert.equal(await inside("988", -20.22, 164.07), true);
  assert.equal(await inside("988", -21.5, 168.11), true);
});

test("New Caledonia rejects other places", async () => {
  assert.equal(await inside("988", 48.85, 2.35), false); // Paris
  assert.equal(await inside("988", -22.28, 0), false); // longitude lost
  assert.equal(await inside("988", 0, 0), false);
});

test("metropolitan and overseas codes", async () => {
  assert.equal(await inside("75", 48.85, 2.35), true);
  assert.equal(await inside("2A", 41.92, 8.74), true); // Ajaccio
  assert.equal(await inside("974", -21.11, 55.53), true); // Saint-Denis, La Réunion
  assert.equal(await inside("974", 48.85, 2.35), false);
  // The accidents filed under Wallis-et-Futuna with coordinates in Nouméa.
  assert.equal(await inside("986", -22.28, 166.45), false);
});

test("unknown code is not checked", async () => {
  assert.equal(await inside("999", 0, 0), true);
});

test("territoryBox matches the SQL check", () => {
  const box = territoryBox("988");
  assert.ok(box);
  assert.ok(box.minLatitude <= -22.67);
  assert.ok(box.maxLatitude >= -20.22);
  assert.ok(box.minLongitude <= 164.07);
  assert.ok(box.maxLongitude >= 168.11);
  assert.equal(territoryBox("2B"), territoryBox("75"));
  assert.equal(territoryBox("999"), undefined);
});
