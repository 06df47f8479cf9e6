// The shared lake behaviour on a Postgres catalog, with files on disk and then on S3.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { LakeSettings } from "../../pipeline/config.ts";
import { openLake } from "../../pipeline/lake/index.ts";
import { freshDatabase, startPostgres, startS3, type PostgresService, type S3Service }
  from "../support/services.ts";
import { lakeSuite } from "./suite.ts";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";

let server: Promise<PostgresService> | undefined;
/** One Postgres server for both suites of this file; each suite gets its own database. */
const postgres = () => (server ??= startPostgres());

async function catalogRows(settings: LakeSettings, sql: string) {
  const client = new pg.Client({ connectionString: settings.catalog });
  client.setTypeParser(20, Number);
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

lakeSuite("a Postgres catalog and a local folder", {
  async settings(): Promise<LakeSettings> {
    const dir = await mkdtemp(join(tmpdir(), "lake-pg-disk-"));
    return { catalog: await freshDatabase((await postgres()).url), dataPath: `${dir}/files/`,
      s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") };
  },
  catalogRows,
  async storedFiles(settings) {
    const entries = await readdir(settings.dataPath, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(settings.dataPath.length)).sort();
  },
});

test("Postgres database with other tables rejected", async () => {
  const url = await freshDatabase((await postgres()).url);
  const settings: LakeSettings = { catalog: url, dataPath: "/nonexistent/files/",
    s3: { region: "us-east-1" }, cacheDir: "/nonexistent/cache" };
  await catalogRows(settings, "CREATE TABLE customers (id integer, name text)");

  await assert.rejects(openLake(settings),
    /Postgres catalog .* is not a DuckLake catalog: it lacks ducklake_metadata/);
  const tables = await catalogRows(settings, `SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' ORDER BY 1`);
  assert.deepEqual(tables.map((row) => row.table_name), ["customers"]);
});

let s3: S3Service;
lakeSuite("a Postgres catalog and an S3 bucket", {
  async settings(): Promise<LakeSettings> {
    s3 = await startS3();
    const dir = await mkdtemp(join(tmpdir(), "lake-pg-s3-"));
    return {
      catalog: await freshDatabase((await postgres()).url),
      dataPath: `s3://${s3.bucket}/lake/`,
      s3: { endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey },
      cacheDir: join(dir, "cache"),
    };
  },
  catalogRows,
  async storedFiles(settings) {
    const client = new S3Client({ region: s3.region, endpoint: s3.endpoint,
      forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey } });
    const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket,
      Prefix: "lake/" }));
    client.destroy();
    return (page.Contents ?? []).map((item) => String(item.Key).slice("lake/".length)).sort();
  },
  async stop() {
    await s3?.stop();
    await (await postgres()).stop();
  },
});
