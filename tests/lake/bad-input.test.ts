// Broken lakes and bad requests fail with a message naming what is wrong, and write nothing.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import type { LakeSettings } from "../../pipeline/config.ts";
import { openLake } from "../../pipeline/lake/index.ts";
import { freePort } from "../support/services.ts";
import { sharedPath } from "../support/shared.ts";

interface Copy {
  settings: LakeSettings;
  dir: string;
}

/** A copy of the `basic` fixture, optionally with SQL run on its catalog first. */
async function basicCopy(sql?: string): Promise<Copy> {
  const dir = await mkdtemp(join(tmpdir(), "lake-bad-"));
  await cp(sharedPath("fixtures", "ducklake", "basic"), dir, { recursive: true });
  if (sql) {
    const instance = await DuckDBInstance.create(join(dir, "catalog.ducklake"));
    const connection = await instance.connect();
    await connection.run(sql);
    connection.closeSync();
    instance.closeSync();
  }
  return { dir, settings: { catalog: join(dir, "catalog.ducklake"), dataPath: `${dir}/files/`,
    s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") } };
}

const accidentsFile = async (dir: string) => {
  const folder = join(dir, "files", "bronze", "accidents");
  const [name] = await readdir(folder);
  return join(folder, name);
};

describe("bad input", () => {
  test("other format version rejected", async () => {
    const { settings } = await basicCopy("UPDATE ducklake_metadata SET value = '0.3' " +
      "WHERE key = 'version'");
    const before = await readFile(settings.catalog);
    await assert.rejects(openLake(settings),
      /uses DuckLake format 0\.3, but this code reads and writes only format 1\.0.*nothing was/);
    assert.ok(before.equals(await readFile(settings.catalog)), "the catalog file is unchanged");
  });

  test("non-lake database rejected", async () => {
    const { dir } = await basicCopy();
    const path = join(dir, "other.duckdb");
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE ducklake_metadata (key VARCHAR, value VARCHAR)");
    connection.closeSync();
    instance.closeSync();
    await assert.rejects(openLake({ catalog: path, dataPath: `${dir}/files/`,
      s3: { region: "us-east-1" }, cacheDir: dir }),
    /is not a DuckLake catalog: it lacks ducklake_snapshot, ducklake_data_file/);
  });

  test("unrelated DuckDB file left unchanged", async () => {
    const { dir } = await basicCopy();
    const path = join(dir, "customers.duckdb");
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run("CREATE TABLE customers (id INTEGER, name VARCHAR)");
    connection.closeSync();
    instance.closeSync();

    await assert.rejects(openLake({ catalog: path, dataPath: `${dir}/files/`,
      s3: { region: "us-east-1" }, cacheDir: dir }),
    /customers\.duckdb is not a DuckLake catalog: it lacks ducklake_metadata/);

    // No DuckLake table was added beside the database's own table.
    const check = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
    const reader = await check.connect();
    const tables = await reader.runAndReadAll(
      "SELECT table_name FROM duckdb_tables() ORDER BY 1");
    reader.closeSync();
    check.closeSync();
    assert.deepEqual(tables.getRows().map(([name]) => name), ["customers"]);
  });

  test("missing catalog not created by readers", async () => {
    const { dir } = await basicCopy();
    const path = join(dir, "typo.ducklake");
    await assert.rejects(openLake({ catalog: path, dataPath: `${dir}/files/`,
      s3: { region: "us-east-1" }, cacheDir: dir }, { create: false }),
    /Lake catalog .*typo\.ducklake not found\. Check DUCKLAKE_DATABASE_URL/);
    assert.equal(existsSync(path), false);
  });

  test("data path naming a file rejected", async () => {
    const { dir } = await basicCopy();
    const file = join(dir, "files.txt");
    await writeFile(file, "");
    await assert.rejects(openLake({ catalog: join(dir, "new.ducklake"), dataPath: `${file}/`,
      s3: { region: "us-east-1" }, cacheDir: dir }),
    /DUCKLAKE_DATA_PATH=.*files\.txt\/ names a file, not a folder/);
    assert.equal(existsSync(join(dir, "new.ducklake")), false);
  });

  test("missing Parquet file named", async () => {
    const { dir, settings } = await basicCopy();
    const file = await accidentsFile(dir);
    await rm(file);
    const lake = await openLake(settings);
    try {
      await assert.rejects(lake.read("bronze.accidents"),
        new RegExp(`Table bronze.accidents: file ${file.replaceAll(".", "\\.")} is missing`));
    } finally {
      await lake.close();
    }
  });

  test("truncated Parquet file named", async () => {
    const { dir, settings } = await basicCopy();
    const file = await accidentsFile(dir);
    await truncate(file, 1000);
    const lake = await openLake(settings);
    try {
      // The catalog records 15268 bytes for this file.
      await assert.rejects(lake.read("bronze.accidents"),
        /has 1000 bytes but the catalog records 15268: it is truncated/);
    } finally {
      await lake.close();
    }
  });

  test("unknown column type named", async () => {
    const { settings } = await basicCopy("UPDATE ducklake_column SET column_type = 'geometry' " +
      "WHERE table_id = 2 AND column_name = 'adr'");
    const lake = await openLake(settings);
    try {
      await assert.rejects(lake.read("bronze.accidents"),
        /Table bronze\.accidents, column adr, has DuckLake type "geometry"/);
    } finally {
      await lake.close();
    }
  });

  test("unstorable type writes nothing", async () => {
    const { dir, settings } = await basicCopy();
    const lake = await openLake(settings);
    try {
      const filesBefore = await readdir(join(dir, "files"), { recursive: true });
      await assert.rejects(lake.createOrReplace("silver.lists", "SELECT [1, 2] AS ids"),
        /Column "silver\.lists\.ids" has type INTEGER\[\], which this lake cannot store/);
      assert.equal(await lake.currentSnapshot(), 9);
      assert.deepEqual(await readdir(join(dir, "files"), { recursive: true }), filesBefore);
    } finally {
      await lake.close();
    }
  });

  test("unreachable Postgres named", async () => {
    const port = await freePort();
    await assert.rejects(openLake({ catalog: `postgres://lake:secret@127.0.0.1:${port}/lake`,
      dataPath: "/nonexistent/", s3: { region: "us-east-1" }, cacheDir: "/nonexistent" }),
    (error: Error) => {
      assert.match(error.message,
        new RegExp(`Cannot reach the Postgres catalog 127\\.0\\.0\\.1:${port}/lake: .*` +
          "Check DUCKLAKE_DATABASE_URL"));
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
  });

  test("uncreatable catalog path named", async () => {
    const { dir } = await basicCopy();
    const blocker = join(dir, "not-a-folder");
    await writeFile(blocker, "");
    await assert.rejects(openLake({ catalog: join(blocker, "catalog.ducklake"),
      dataPath: `${dir}/files/`, s3: { region: "us-east-1" }, cacheDir: dir }),
    /Cannot create DuckDB catalog file .*not-a-folder\/catalog\.ducklake: EEXIST/);
  });

  test("unreachable S3 fails the commit", async () => {
    const { settings } = await basicCopy();
    const port = await freePort();
    const lake = await openLake({ ...settings, dataPath: "s3://lake/files/",
      s3: { endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", accessKeyId: "x",
        secretAccessKey: "y" } });
    try {
      await assert.rejects(lake.createOrReplace("silver.t", "SELECT 1 AS x"),
        /S3 upload of s3:\/\/lake\/files\/silver\/t\/ducklake-.*\.parquet failed/);
      assert.equal(await lake.currentSnapshot(), 9);
    } finally {
      await lake.close();
    }
  });
});
