// Lakes written by the real DuckDB ducklake extension read back with the figures listed beside
// them: Parquet data and delete files, inlined inserts and deletes, replaced and dropped tables.
import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { DuckDBInstance } from "@duckdb/node-api";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openLake } from "../../pipeline/lake/index.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { sharedPath } from "../support/shared.ts";

/** Opens a copy, so that the read-only shared fixture is never touched. */
async function openFixture(name: string, alter?: string): Promise<Lake> {
  const dir = await mkdtemp(join(tmpdir(), `lake-fixture-${name}-`));
  await cp(sharedPath("fixtures", "ducklake", name), dir, { recursive: true });
  if (alter) {
    const instance = await DuckDBInstance.create(join(dir, "catalog.ducklake"));
    const connection = await instance.connect();
    await connection.run(alter);
    connection.closeSync();
    instance.closeSync();
  }
  return openLake({ catalog: join(dir, "catalog.ducklake"), dataPath: `${dir}/files/`,
    s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") });
}

describe("fixture basic: accidents of 2021 in département 988", () => {
  let lake: Lake;
  before(async () => (lake = await openFixture("basic")));
  after(async () => lake?.close());

  test("snapshots list the extension's changes", async () => {
    const snapshots = await lake.snapshots();
    assert.equal(snapshots.length, 10);
    assert.equal(snapshots[3].changesMade, "inlined_insert:2");
    assert.equal(snapshots[9].changesMade, "dropped_table:6");
  });

  test("bronze.accidents row counts at every snapshot", async () => {
    const expected: [number, number | null][] = [[0, null], [1, null], [2, 269], [3, 271],
      [4, 267], [5, 267], [6, 267], [7, 267], [8, 267], [9, 267]];
    for (const [snapshot, rows] of expected) {
      const exists = await lake.tableExists("bronze.accidents", { snapshot });
      assert.equal(exists, rows !== null, `exists at snapshot ${snapshot}`);
      if (rows === null) continue;
      const view = await lake.read("bronze.accidents", { snapshot, as: `acc_${snapshot}` });
      const [{ n }] = await lake.query<{ n: number }>(`SELECT count(*) AS n FROM ${view}`);
      assert.equal(n, rows, `rows at snapshot ${snapshot}`);
    }
  });

  test("the inlined delete removes the four accidents with atm = 8", async () => {
    const before = await lake.read("bronze.accidents", { snapshot: 3, as: "acc_before" });
    const after = await lake.read("bronze.accidents", { snapshot: 4, as: "acc_after" });
    const gone = await lake.query<{ num_acc: string }>(`SELECT num_acc FROM ${before}
      EXCEPT SELECT num_acc FROM ${after} ORDER BY num_acc`);
    assert.deepEqual(gone.map((r) => r.num_acc),
      ["202100002729", "202100030707", "202100035153", "202100053917"]);
  });

  test("latest bronze.accidents sums, communes, days and one known row", async () => {
    const view = await lake.read("bronze.accidents");
    const [totals] = await lake.query(`SELECT count(*) AS n, sum(atm) AS atm,
      count(DISTINCT com) AS communes, min(day)::VARCHAR AS first, max(day)::VARCHAR AS last
      FROM ${view}`);
    assert.deepEqual(totals, { n: 267, atm: 361, communes: 29, first: "2021-01-01",
      last: "2021-12-31" });
    const [row] = await lake.query(`SELECT adr, event_time::VARCHAR AS event_time, latitude,
      longitude FROM ${view} WHERE num_acc = '202100000602'`);
    assert.deepEqual(row, { adr: "Tiéta (Tribu)", event_time: "2021-12-30 17:45:00",
      latitude: -20.919094, longitude: 164.773614 });
  });

  test("silver.by_commune before and after its replacement", async () => {
    const first = await lake.read("silver.by_commune", { snapshot: 6, as: "communes_6" });
    const [six] = await lake.query(`SELECT count(*) AS n, sum(n) AS total FROM ${first}`);
    assert.deepEqual(six, { n: 29, total: 267 });
    const columns6 = await lake.query(`SELECT column_name FROM (DESCRIBE ${first})`);
    assert.deepEqual(columns6.map((c) => c.column_name), ["com", "n"]);

    const second = await lake.read("silver.by_commune", { snapshot: 7, as: "communes_7" });
    const [seven] = await lake.query<{ n: number; total: number; lat: number }>(
      `SELECT count(*) AS n, sum(n) AS total, sum(mean_lat) AS lat FROM ${second}`);
    assert.equal(seven.n, 29);
    assert.equal(seven.total, 267);
    assert.ok(Math.abs(seven.lat - -618.35004) < 1e-4, `sum(mean_lat) = ${seven.lat}`);
  });

  test("silver.scratch lives in snapshot 8 only", async () => {
    const view = await lake.read("silver.scratch", { snapshot: 8, as: "scratch_8" });
    assert.deepEqual(await lake.query(`SELECT x FROM ${view}`), [{ x: 1 }]);
    assert.equal(await lake.tableExists("silver.scratch", { snapshot: 9 }), false);
    await assert.rejects(lake.read("silver.scratch", { snapshot: 9 }),
      /Table silver\.scratch does not exist at snapshot 9/);
  });

  test("tables counts rows with inlined inserts and deletes", async () => {
    const tables = await lake.tables();
    assert.deepEqual(tables.map((t) => [t.table, t.rowCount]),
      [["bronze.accidents", 267], ["silver.by_commune", 29]]);
  });
});

describe("fixture deletes: Parquet delete files", () => {
  let lake: Lake;
  before(async () => (lake = await openFixture("deletes")));
  after(async () => lake?.close());

  test("main.victims rows and sum(grav) at every snapshot", async () => {
    const expected = [[1, 1000, 2500], [2, 700, 1800], [3, 700, 1781]];
    for (const [snapshot, rows, grav] of expected) {
      const view = await lake.read("main.victims", { snapshot, as: `victims_${snapshot}` });
      const [row] = await lake.query(`SELECT count(*) AS n, sum(grav) AS grav FROM ${view}`);
      assert.deepEqual(row, { n: rows, grav }, `snapshot ${snapshot}`);
    }
  });

  test("latest main.victims ids and grav = 2 count", async () => {
    const view = await lake.read("main.victims");
    const [row] = await lake.query(`SELECT sum(id) AS ids,
      count(*) FILTER (WHERE grav = 2) AS grav2,
      count(*) FILTER (WHERE id % 10 < 3) AS deleted FROM ${view}`);
    assert.deepEqual(row, { ids: 350700, grav2: 225, deleted: 0 });
  });
});

describe("fixture types: one table of every column type", () => {
  let lake: Lake;
  before(async () => (lake = await openFixture("types")));
  after(async () => lake?.close());

  test("the first row has the documented values", async () => {
    const view = await lake.read("main.all_types");
    const [row] = await lake.query(`SELECT b, i, bi::VARCHAR AS bi, d, v, dt::VARCHAR AS dt,
      ts::VARCHAR AS ts, tstz::VARCHAR AS tstz, dec::VARCHAR AS dec, f, si, ti,
      u::VARCHAR AS u, hex(bl) AS bl FROM ${view} WHERE i = 1`);
    assert.deepEqual(row, { b: true, i: 1, bi: "9007199254740993", d: 1.5, v: "Nouméa",
      dt: "2021-09-24", ts: "2021-09-24 07:30:00", tstz: "2021-09-23 20:30:00+00",
      dec: "1234567.89", f: 0.25, si: -7, ti: 3, u: "7d1b8e1e-1111-4c2b-9a8e-0123456789ab",
      bl: "CAFE" });
  });

  test("the all-NULL row and the edge row", async () => {
    const view = await lake.read("main.all_types");
    const [counts] = await lake.query(`SELECT count(*) AS n,
      count(*) FILTER (WHERE b IS NULL AND i IS NULL AND v IS NULL AND bl IS NULL) AS nulls
      FROM ${view}`);
    assert.deepEqual(counts, { n: 3, nulls: 1 });
    const [edge] = await lake.query(`SELECT bi, ts::VARCHAR AS ts, tstz::VARCHAR AS tstz,
      dec::VARCHAR AS dec, f::VARCHAR AS f, si, ti, u::VARCHAR AS u, octet_length(bl) AS bl, v
      FROM ${view}
      WHERE i = -2147483648`);
    assert.deepEqual(edge, { bi: -1, ts: "2000-02-29 23:59:59.999999",
      tstz: "2024-12-31 23:00:00+00", dec: "-0.01", f: "-1e+30", si: 32767, ti: -128,
      u: "00000000-0000-0000-0000-000000000000", bl: 0, v: "" });
  });
});

// Hand-written catalog rows for a rename of `atm` to `weather` (same column id, new name) and an
// added column `source` with initial default 'baac', in snapshot 10. The Parquet file still names
// the column `atm` and lacks `source`, so only its field ids tie its columns to the catalog's.
const RENAME_AND_ADD = `
  INSERT INTO ducklake_snapshot VALUES (10, now(), 8, 7, 5);
  INSERT INTO ducklake_snapshot_changes VALUES (10, 'altered_table:2', NULL, NULL, NULL);
  UPDATE ducklake_column SET end_snapshot = 10 WHERE table_id = 2 AND column_id = 6;
  INSERT INTO ducklake_column VALUES
    (6, 10, NULL, 2, 6, 'weather', 'int32', NULL, 'NULL', true, NULL, 'literal', 'duckdb'),
    (9, 10, NULL, 2, 9, 'source', 'varchar', 'baac', '''baac''', true, NULL, 'literal',
      'duckdb');
  INSERT INTO ducklake_schema_versions VALUES (10, 8, 2);`;

describe("fixture basic after a column rename and a column addition", () => {
  let lake: Lake;
  before(async () => (lake = await openFixture("basic", RENAME_AND_ADD)));
  after(async () => lake?.close());

  test("the renamed column reads by field id", async () => {
    const view = await lake.read("bronze.accidents");
    const [row] = await lake.query(`SELECT count(*) AS n, sum(weather) AS weather,
      count(*) FILTER (WHERE source = 'baac') AS sourced FROM ${view}`);
    assert.deepEqual(row, { n: 267, weather: 361, sourced: 267 });
  });

  test("the snapshot before the rename keeps the old name", async () => {
    const view = await lake.read("bronze.accidents", { snapshot: 9, as: "before_rename" });
    const columns = await lake.query(`SELECT column_name FROM (DESCRIBE ${view})`);
    assert.deepEqual(columns.map((c) => c.column_name), ["num_acc", "event_time", "day",
      "latitude", "longitude", "atm", "com", "adr"]);
  });
});

describe("catalog tables of a new lake", () => {
  test("match the extension's definitions", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lake-ddl-"));
    const lake = await openLake({ catalog: join(dir, "catalog.ducklake"),
      dataPath: `${dir}/files/`, s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") });
    await lake.close();

    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const fixture = sharedPath("fixtures", "ducklake", "basic", "catalog.ducklake");
    await connection.run(`ATTACH '${fixture}' AS theirs (READ_ONLY)`);
    await connection.run(`ATTACH '${join(dir, "catalog.ducklake")}' AS ours (READ_ONLY)`);
    const definitions = async (database: string) => {
      const reader = await connection.runAndReadAll(`SELECT table_name || '.' || column_name ||
        ' ' || data_type || ' ' || column_index AS definition FROM duckdb_columns()
        WHERE database_name = '${database}' AND table_name LIKE 'ducklake_%' AND NOT
          regexp_matches(table_name, '^ducklake_inlined_(data_\\d+_\\d+|delete_\\d+)$')
        ORDER BY ALL`);
      return reader.getRows().map(([definition]) => String(definition));
    };
    const keys = async (database: string) => {
      const reader = await connection.runAndReadAll(`SELECT table_name || ' ' || constraint_text
        FROM duckdb_constraints() WHERE database_name = '${database}'
          AND table_name LIKE 'ducklake_%' ORDER BY ALL`);
      return reader.getRows().map(([key]) => String(key));
    };
    const theirs = await definitions("theirs");
    // The 28 tables of the 1.0 catalog, from ducklake_column to ducklake_view.
    assert.equal(new Set(theirs.map((d) => d.split(".")[0])).size, 28);
    assert.deepEqual(await definitions("ours"), theirs);
    assert.deepEqual(await keys("ours"), await keys("theirs"));
    connection.closeSync();
    instance.closeSync();
  });
});

describe("fixture basic after a new column and gc", () => {
  test("inlined rows still read after their snapshots expire", async () => {
    const lake = await openFixture("basic");
    try {
      // Two of the 267 rows sit in the catalog's inlined tables under older schema versions.
      // One appended row with the new column `extra` and atm = 1 makes 268 rows, atm 362.
      await lake.append("bronze.accidents", `SELECT 'X1' AS num_acc,
        TIMESTAMP '2021-01-01 10:00' AS event_time, DATE '2021-01-01' AS "day",
        -22.0 AS latitude, 166.0 AS longitude, 1 AS atm, '98818' AS com, 'a' AS adr,
        7 AS extra`);
      const totals = async () => {
        const view = await lake.read("bronze.accidents", { as: "with_extra" });
        return lake.query(`SELECT count(*) AS n, sum(atm) AS atm, count(extra) AS extra
          FROM ${view}`);
      };
      assert.deepEqual(await totals(), [{ n: 268, atm: 362, extra: 1 }]);

      const done = await lake.gc({ olderThan: new Date(Date.now() + 1000) });

      // Every snapshot but the latest expires, and the latest reads as before.
      assert.ok(done.expiredSnapshots.includes(2), `expired ${done.expiredSnapshots}`);
      assert.deepEqual(await totals(), [{ n: 268, atm: 362, extra: 1 }]);
    } finally {
      await lake.close();
    }
  });
});
