// The behaviour every catalog/storage pairing must show, written once and run by
// duckdb-file.test.ts, postgres.test.ts and s3.test.ts on their own backends.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openLake } from "../../pipeline/lake/index.ts";
import type { LakeSettings } from "../../pipeline/config.ts";
import type { Lake } from "../../pipeline/lake/types.ts";

export interface Backend {
  /** Settings of a fresh, empty lake. */
  settings(): Promise<LakeSettings>;
  /** Rows of a catalog table, read straight from the catalog database. */
  catalogRows(settings: LakeSettings, sql: string): Promise<Record<string, unknown>[]>;
  /** Paths of the stored files, relative to the data path. */
  storedFiles(settings: LakeSettings): Promise<string[]>;
  stop?(): Promise<void>;
}

const FIVE_ACCIDENTS = `SELECT * FROM (VALUES
  ('202100000602', 98818, TIMESTAMP '2021-12-30 17:45:00', -20.919094, 'Tiéta (Tribu)'),
  ('202100002729', 98818, TIMESTAMP '2021-01-05 08:00:00', -22.27, NULL),
  ('202100030707', 98803, TIMESTAMP '2021-03-01 12:30:00', -21.1, 'route de test'),
  ('202100035153', 98821, TIMESTAMP '2021-06-15 23:59:59', -22.5, 'rue A'),
  ('202100053917', 98802, TIMESTAMP '2021-09-24 07:30:00', -20.5, 'rue B')
) AS a(num_acc, com, event_time, latitude, adr)`;

export function lakeSuite(name: string, backend: Backend): void {
  describe(`lake on ${name}`, () => {
    let settings: LakeSettings;
    let lake: Lake;

    before(async () => {
      settings = await backend.settings();
      lake = await openLake(settings);
    });
    after(async () => {
      await lake?.close();
      await backend.stop?.();
    });

    test("new lake: snapshot 0 and metadata", async () => {
      const snapshots = await lake.snapshots();
      assert.deepEqual(snapshots.map((s) => [s.snapshotId, s.schemaVersion, s.changesMade]),
        [[0, 0, 'created_schema:"main"']]);
      const metadata = await backend.catalogRows(settings,
        "SELECT key, value FROM ducklake_metadata ORDER BY key");
      assert.deepEqual(metadata.map((r) => `${r.key}=${r.value}`), [
        "created_by=accidents-nc pipeline/lake (DuckDB 1.5)",
        `data_path=${settings.dataPath}`, "encrypted=false", "version=1.0"]);
      assert.deepEqual(await lake.tables(), []);
    });

    test("createOrReplace: file and catalog rows", async () => {
      const result = await lake.createOrReplace("bronze.accidents", FIVE_ACCIDENTS,
        { author: "test", message: "five accidents of 2021" });
      assert.deepEqual(result, { snapshotId: 1, rowsWritten: 5 });

      const [snapshot] = await backend.catalogRows(settings, `SELECT s.schema_version,
        s.next_catalog_id, s.next_file_id, c.changes_made, c.author, c.commit_message
        FROM ducklake_snapshot s JOIN ducklake_snapshot_changes c USING (snapshot_id)
        WHERE snapshot_id = 1`);
      // Schema bronze takes catalog id 1 and the table id 2; one data file takes file id 0.
      assert.deepEqual(snapshot, { schema_version: 1, next_catalog_id: 3, next_file_id: 1,
        changes_made: 'created_schema:"bronze",created_table:"bronze"."accidents",' +
          "inserted_into_table:2",
        author: "test", commit_message: "five accidents of 2021" });

      const columns = await backend.catalogRows(settings, `SELECT column_id, column_name,
        column_type FROM ducklake_column WHERE table_id = 2 ORDER BY column_order`);
      assert.deepEqual(columns.map((c) => `${c.column_id}:${c.column_name}:${c.column_type}`),
        ["1:num_acc:varchar", "2:com:int32", "3:event_time:timestamp", "4:latitude:decimal(8,6)",
          "5:adr:varchar"]);

      const [file] = await backend.catalogRows(settings, `SELECT data_file_id, path,
        path_is_relative, record_count, file_size_bytes, footer_size, row_id_start
        FROM ducklake_data_file`);
      assert.equal(file.data_file_id, 0);
      assert.match(String(file.path), /^ducklake-[0-9a-f-]{36}\.parquet$/);
      assert.equal(file.path_is_relative, true);
      assert.equal(file.record_count, 5);
      assert.equal(file.row_id_start, 0);
      const stored = await backend.storedFiles(settings);
      assert.deepEqual(stored, [`bronze/accidents/${file.path}`]);

      const stats = await backend.catalogRows(settings, `SELECT column_id, value_count,
        null_count, min_value, max_value FROM ducklake_file_column_stats ORDER BY column_id`);
      assert.deepEqual(stats.map((s) => [s.column_id, s.value_count, s.null_count, s.min_value,
        s.max_value]), [
        [1, 5, 0, "202100000602", "202100053917"],
        [2, 5, 0, "98802", "98821"],
        [3, 5, 0, "2021-01-05 08:00:00", "2021-12-30 17:45:00"],
        [4, 5, 0, "-22.500000", "-20.500000"],
        [5, 4, 1, "Tiéta (Tribu)", "rue B"],
      ]);
    });

    test("Parquet field ids equal column ids", async () => {
      const view = await lake.read("bronze.accidents");
      assert.equal(view, "bronze_accidents");
      const [file] = await backend.catalogRows(settings, "SELECT path FROM ducklake_data_file");
      const local = await localCopy(lake, settings, `bronze/accidents/${file.path}`);
      const fields = await lake.query<{ name: string; field_id: number }>(`SELECT name, field_id
        FROM parquet_schema('${local}') WHERE field_id IS NOT NULL`);
      assert.deepEqual(fields.map((f) => `${f.name}=${f.field_id}`),
        ["num_acc=1", "com=2", "event_time=3", "latitude=4", "adr=5"]);
    });

    test("read returns the written values", async () => {
      const view = await lake.read("bronze.accidents");
      const [row] = await lake.query(`SELECT num_acc, com, adr, latitude::DOUBLE AS latitude,
        strftime(event_time, '%Y-%m-%d %H:%M:%S') AS at FROM ${view}
        WHERE num_acc = '202100000602'`);
      assert.deepEqual(row, { num_acc: "202100000602", com: 98818, adr: "Tiéta (Tribu)",
        latitude: -20.919094, at: "2021-12-30 17:45:00" });
    });

    test("append and time travel", async () => {
      const result = await lake.append("bronze.accidents",
        `SELECT '209900000001' AS num_acc, 98818 AS com, TIMESTAMP '2021-12-31 23:59:00'
          AS event_time, -22.27 AS latitude, 'rue de test' AS adr`);
      assert.deepEqual(result, { snapshotId: 2, rowsWritten: 1 });
      const now = await lake.read("bronze.accidents", { as: "now" });
      const before = await lake.read("bronze.accidents", { snapshot: 1, as: "before" });
      const [counts] = await lake.query(`SELECT (SELECT count(*) FROM ${now}) AS now,
        (SELECT count(*) FROM ${before}) AS before`);
      assert.deepEqual(counts, { now: 6, before: 5 });
      const firstTime = (await lake.snapshots())[1].time;
      const atTime = await lake.read("bronze.accidents", { at: firstTime, as: "at_time" });
      assert.deepEqual(await lake.query(`SELECT count(*) AS n FROM ${atTime}`), [{ n: 5 }]);
      const stats = await lake.columnStats("bronze.accidents");
      assert.deepEqual(stats.find((s) => s.name === "adr"),
        { name: "adr", nullCount: 1, minValue: "Tiéta (Tribu)", maxValue: "rue de test" });
      assert.deepEqual(stats.find((s) => s.name === "com"),
        { name: "com", nullCount: 0, minValue: "98802", maxValue: "98821" });

      const [changes] = await backend.catalogRows(settings, `SELECT changes_made,
        schema_version, next_file_id FROM ducklake_snapshot JOIN ducklake_snapshot_changes
        USING (snapshot_id) WHERE snapshot_id = 2`);
      assert.deepEqual(changes, { changes_made: "inserted_into_table:2", schema_version: 1,
        next_file_id: 2 });
      const [rowIds] = await backend.catalogRows(settings, `SELECT row_id_start
        FROM ducklake_data_file WHERE data_file_id = 1`);
      assert.equal(rowIds.row_id_start, 5);
      const [tableStats] = await backend.catalogRows(settings, `SELECT record_count,
        next_row_id FROM ducklake_table_stats WHERE table_id = 2`);
      assert.deepEqual(tableStats, { record_count: 6, next_row_id: 6 });
      const [adr] = await backend.catalogRows(settings, `SELECT min_value, max_value,
        contains_null FROM ducklake_table_column_stats WHERE table_id = 2 AND column_id = 5`);
      assert.deepEqual(adr, { min_value: "Tiéta (Tribu)", max_value: "rue de test",
        contains_null: true });
    });

    test("append with other columns rejected", async () => {
      await assert.rejects(lake.append("bronze.accidents", "SELECT 1 AS num_acc, 2 AS extra"),
        /the query lacks the table's column\(s\) com, event_time, latitude, adr\./);
      assert.equal(await lake.currentSnapshot(), 2);
    });

    test("replace keeps old generation readable", async () => {
      const result = await lake.createOrReplace("bronze.accidents",
        "SELECT num_acc, com FROM (VALUES ('a', 1), ('b', 2)) AS t(num_acc, com)");
      assert.equal(result.snapshotId, 3);
      const [row] = await backend.catalogRows(settings, `SELECT changes_made, schema_version,
        next_catalog_id FROM ducklake_snapshot JOIN ducklake_snapshot_changes
        USING (snapshot_id) WHERE snapshot_id = 3`);
      assert.deepEqual(row, { changes_made: "dropped_table:2,created_table:\"bronze\"." +
        "\"accidents\",inserted_into_table:3", schema_version: 2, next_catalog_id: 4 });
      const now = await lake.read("bronze.accidents", { as: "gen2" });
      const old = await lake.read("bronze.accidents", { snapshot: 2, as: "gen1" });
      const [counts] = await lake.query(`SELECT (SELECT sum(com) FROM ${now}) AS now,
        (SELECT count(*) FROM ${old}) AS old`);
      assert.deepEqual(counts, { now: 3, old: 6 });
      const tables = await lake.tables();
      assert.deepEqual(tables.map((t) => [t.table, t.tableId, t.rowCount, t.fileCount]),
        [["bronze.accidents", 3, 2, 1]]);
    });

    test("several changes in one snapshot", async () => {
      const result = await lake.commit({ message: "silver" }, async (tx) => {
        await tx.createSchema("silver");
        await tx.createOrReplace("silver.a", "SELECT 1 AS x");
        await tx.createOrReplace("silver.b", "SELECT 2 AS y UNION ALL SELECT 3");
      });
      assert.deepEqual(result, { snapshotId: 4, rowsWritten: 3 });
      const [s] = (await lake.snapshots()).slice(-1);
      assert.equal(s.changesMade, 'created_schema:"silver",created_table:"silver"."a",' +
        'inserted_into_table:5,created_table:"silver"."b",inserted_into_table:6');
    });

    test("failed commit writes nothing", async () => {
      const before = await backend.storedFiles(settings);
      await assert.rejects(lake.commit({}, async (tx) => {
        await tx.createOrReplace("silver.c", "SELECT 1 AS x");
        throw new Error("stage failed");
      }), /stage failed/);
      assert.equal(await lake.currentSnapshot(), 4);
      assert.deepEqual(await backend.storedFiles(settings), before);
    });

    test("drop ends the table", async () => {
      await lake.drop("silver.a");
      assert.equal(await lake.tableExists("silver.a"), false);
      assert.equal(await lake.tableExists("silver.a", { snapshot: 4 }), true);
      await assert.rejects(lake.read("silver.a"), /Table silver\.a does not exist at snapshot 5/);
      const [s] = (await lake.snapshots()).slice(-1);
      assert.equal(s.changesMade, "dropped_table:5");
    });

    test("spec types round-trip", async () => {
      await lake.createOrReplace("main.all_types", `SELECT true AS b, 1::INTEGER AS i,
        9007199254740993::BIGINT AS bi, 1.5::DOUBLE AS d, 'Nouméa' AS v, DATE '2021-09-24' AS dt,
        TIMESTAMP '2021-09-24 07:30:00' AS ts, TIMESTAMPTZ '2021-09-23 20:30:00+00' AS tstz,
        1234567.89::DECIMAL(9,2) AS dec`);
      const [table] = (await lake.tables()).filter((t) => t.table === "main.all_types");
      assert.deepEqual(table.columns.map((c) => c.type), ["boolean", "int32", "int64",
        "float64", "varchar", "date", "timestamp", "timestamptz", "decimal(9,2)"]);
      const view = await lake.read("main.all_types");
      const [row] = await lake.query(`SELECT b, i, bi::VARCHAR AS bi, d, v, dt::VARCHAR AS dt,
        ts::VARCHAR AS ts, tstz::VARCHAR AS tstz, dec::VARCHAR AS dec FROM ${view}`);
      assert.deepEqual(row, { b: true, i: 1, bi: "9007199254740993", d: 1.5, v: "Nouméa",
        dt: "2021-09-24", ts: "2021-09-24 07:30:00", tstz: "2021-09-23 20:30:00+00",
        dec: "1234567.89" });
    });

    test("HUGEINT stored as exact decimal", async () => {
      // DuckDB's sum() of a BIGINT column is a HUGEINT, and 2^53 + 1 has no exact DOUBLE.
      await lake.createOrReplace("main.totals", `SELECT sum(x) AS total
        FROM (VALUES (9007199254740993::BIGINT)) AS v(x)`);
      const [table] = (await lake.tables()).filter((t) => t.table === "main.totals");
      assert.deepEqual(table.columns.map((c) => c.type), ["decimal(38,0)"]);
      const view = await lake.read("main.totals");
      assert.deepEqual(await lake.query(`SELECT total::VARCHAR AS total FROM ${view}`),
        [{ total: "9007199254740993" }]);

      // 10^38 has 39 digits, one more than DECIMAL(38,0) holds.
      const tooLarge = `SELECT '1${"0".repeat(38)}'::HUGEINT AS total`;
      await assert.rejects(lake.append("main.totals", tooLarge), /Could not (cast|convert)/);
    });

    test("names differing only in case", async () => {
      // DuckDB resolves names without regard to case, so `s.T` would be a second `s.t` there.
      await lake.createOrReplace("cased.t", "SELECT 1 AS i");
      await assert.rejects(lake.createOrReplace("cased.T", "SELECT 2 AS i"),
        /Table cased\.T differs only in letter case from the existing cased\.t/);
      await assert.rejects(lake.createOrReplace("Cased.u", "SELECT 3 AS i"),
        /Schema Cased differs only in letter case from the existing cased/);
      const names = (await lake.tables()).map((t) => t.table).filter((t) => /^cased\./i.test(t));
      assert.deepEqual(names, ["cased.t"]);

      const view = await lake.read("CASED.T", { as: "upper_case" });
      assert.deepEqual(await lake.query(`SELECT i FROM ${view}`), [{ i: 1 }]);
    });

    test("lock rejects a second holder", async () => {
      let inner: unknown;
      await lake.withLock("pipeline", "runner-a", async () => {
        inner = await lake.withLock("pipeline", "runner-b", async () => 1).catch((e) => e);
      });
      assert.match(String(inner), /Lock "pipeline" is held by runner-a since \d{4}-/);
      assert.equal(await lake.withLock("pipeline", "runner-b", async () => 2), 2);
    });

    test("gc expires snapshots and files", async () => {
      const cut = (await lake.snapshots()).find((s) => s.snapshotId === 3)!.time;
      const before = await backend.storedFiles(settings);
      const firstGeneration = (await backend.catalogRows(settings,
        "SELECT path FROM ducklake_data_file WHERE table_id = 2"))
        .map((row) => `bronze/accidents/${row.path}`).sort();
      assert.equal(firstGeneration.length, 2);

      const planned = await lake.gc({ olderThan: cut, dryRun: true });
      assert.deepEqual(planned.expiredSnapshots, [0, 1, 2]);
      assert.deepEqual(planned.deletedFiles, firstGeneration);
      assert.deepEqual(await backend.storedFiles(settings), before, "a dry run deletes nothing");
      assert.equal(await lake.tableExists("bronze.accidents", { snapshot: 2 }), true);

      const done = await lake.gc({ olderThan: cut });
      assert.deepEqual(done.expiredSnapshots, [0, 1, 2]);
      assert.deepEqual(done.deletedFiles, firstGeneration);
      assert.deepEqual(await backend.storedFiles(settings),
        before.filter((path) => !firstGeneration.includes(path)));
      await assert.rejects(lake.read("bronze.accidents", { snapshot: 2 }),
        /Snapshot 2 does not exist in this lake/);
      const view = await lake.read("bronze.accidents", { as: "after_gc" });
      assert.deepEqual(await lake.query(`SELECT count(*) AS n FROM ${view}`), [{ n: 2 }]);
    });

    test("append adds new columns", async () => {
      const before = await lake.currentSnapshot();
      const [{ schema_version: version }] = await backend.catalogRows(settings,
        `SELECT schema_version FROM ducklake_snapshot WHERE snapshot_id = ${before}`);
      const result = await lake.append("silver.b", "SELECT 'new' AS note, 4 AS y");
      assert.equal(result.snapshotId, before + 1);

      const [row] = await backend.catalogRows(settings, `SELECT changes_made, schema_version
        FROM ducklake_snapshot JOIN ducklake_snapshot_changes USING (snapshot_id)
        WHERE snapshot_id = ${result.snapshotId}`);
      assert.deepEqual(row, { changes_made: "altered_table:6,inserted_into_table:6",
        schema_version: Number(version) + 1 });
      const columns = await backend.catalogRows(settings, `SELECT column_id, column_name,
        column_type, begin_snapshot FROM ducklake_column WHERE table_id = 6 ORDER BY column_id`);
      assert.deepEqual(columns.map((c) => `${c.column_id}:${c.column_name}:${c.column_type}`),
        ["1:y:int32", "2:note:varchar"]);
      const [noteStats] = await backend.catalogRows(settings, `SELECT contains_null, min_value
        FROM ducklake_table_column_stats WHERE table_id = 6 AND column_id = 2`);
      assert.deepEqual(noteStats, { contains_null: true, min_value: "new" });

      const now = await lake.read("silver.b", { as: "b_now" });
      assert.deepEqual(await lake.query(`SELECT y, note FROM ${now} ORDER BY y`),
        [{ y: 2, note: null }, { y: 3, note: null }, { y: 4, note: "new" }]);
      const old = await lake.read("silver.b", { snapshot: before, as: "b_before" });
      assert.deepEqual((await lake.query(`DESCRIBE ${old}`)).map((c) => c.column_name), ["y"]);
    });

    test("artifacts round-trip", async () => {
      await lake.writeArtifact("artifacts/model.json", '{"trees":3}');
      const body = new TextDecoder().decode(await lake.readArtifact("artifacts/model.json"));
      assert.equal(body, '{"trees":3}');
      assert.ok((await backend.storedFiles(settings)).includes("artifacts/model.json"));
    });
  });
}

/** Returns a local path to a lake file that DuckDB can open, copying it out of S3 if needed. */
async function localCopy(lake: Lake, settings: LakeSettings, path: string): Promise<string> {
  if (!settings.dataPath.startsWith("s3://")) return `${settings.dataPath}${path}`;
  const { writeFile, mkdtemp } = await import("node:fs/promises");
  const dir = await mkdtemp("/tmp/lake-test-copy-");
  await writeFile(`${dir}/f.parquet`, await lake.readArtifact(path));
  return `${dir}/f.parquet`;
}
