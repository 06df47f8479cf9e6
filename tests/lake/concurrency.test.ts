// Two processes committing to one lake at once: no commit is lost, and a table replaced by both
// shows exactly one generation at every snapshot.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { LakeSettings } from "../../pipeline/config.ts";
import { openLake } from "../../pipeline/lake/index.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { freshDatabase, startPostgres, type PostgresService } from "../support/services.ts";
import { startWorker } from "./children/spawn.ts";

const committed = (lines: string[]) => lines.filter((l) => l.startsWith("COMMITTED "))
  .map((l) => l.split(" ").slice(1));

async function twoAppenders(a: LakeSettings, b: LakeSettings, lake: Lake) {
  const first = startWorker(a, ["append", "a", "10"]);
  const second = startWorker(b, ["append", "b", "10"]);
  assert.deepEqual(await Promise.all([first.exit, second.exit]), [0, 0]);

  const snapshots = [...committed(first.lines), ...committed(second.lines)].map((c) => c[0]);
  assert.equal(new Set(snapshots).size, 20, "each append has its own snapshot");
  const view = await lake.read("main.events");
  const [row] = await lake.query(`SELECT count(*) AS n,
    count(DISTINCT writer || '-' || i) AS distinct_events FROM ${view}`);
  assert.deepEqual(row, { n: 20, distinct_events: 20 });
}

describe("two processes on one Postgres catalog", () => {
  let server: PostgresService;
  let settings: LakeSettings;
  let keywordSettings: LakeSettings;
  let lake: Lake;

  before(async () => {
    server = await startPostgres();
    const url = new URL(await freshDatabase(server.url));
    const dir = await mkdtemp(join(tmpdir(), "lake-concurrency-"));
    settings = { catalog: url.toString(), dataPath: `${dir}/files/`,
      s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") };
    // The second process uses the libpq keyword form, with the password given apart.
    keywordSettings = { ...settings, postgresPassword: decodeURIComponent(url.password),
      catalog: `postgres:dbname=${url.pathname.slice(1)} host=${url.hostname} ` +
        `port=${url.port} user=${url.username}` };
    lake = await openLake(settings);
  });
  after(async () => {
    await lake?.close();
    await server?.stop();
  });

  test("appends from both are all kept", async () => {
    await twoAppenders(settings, keywordSettings, lake);
  });

  test("lock holds exclude each other", async () => {
    const first = startWorker(settings, ["lock", "a", "4"]);
    const second = startWorker(keywordSettings, ["lock", "b", "4"]);
    assert.deepEqual(await Promise.all([first.exit, second.exit]), [0, 0]);

    const holds = [first, second].flatMap((w) => w.lines)
      .filter((l) => l.startsWith("START ") || l.startsWith("END "))
      .map((l) => l.split(" ")).map(([kind, who, at]) => ({ kind, who, at: Number(at) }))
      .sort((a, b) => a.at - b.at || (a.kind === "END" ? -1 : 1));
    assert.equal(holds.length, 16);
    for (let i = 0; i < holds.length; i += 2) {
      assert.equal(holds[i].kind, "START", `event ${i} starts a hold`);
      assert.equal(holds[i + 1].kind, "END", `hold ${i / 2} ends before the next starts`);
      assert.equal(holds[i + 1].who, holds[i].who);
    }
  });

  test("simultaneous replaces: one generation", async () => {
    const first = startWorker(settings, ["replace", "a", "5", "2000"]);
    const second = startWorker(keywordSettings, ["replace", "b", "5", "2000"]);
    assert.deepEqual(await Promise.all([first.exit, second.exit]), [0, 0]);

    const commits = [...committed(first.lines), ...committed(second.lines)];
    assert.equal(new Set(commits.map((c) => c[0])).size, 10, "each replace has its snapshot");
    for (const [snapshot, tag] of commits) {
      const view = await lake.read("main.generation", { snapshot: Number(snapshot), as: "gen" });
      const [row] = await lake.query(`SELECT count(*) AS n, count(DISTINCT tag) AS tags,
        min(tag) AS tag FROM ${view}`);
      assert.deepEqual(row, { n: 2000, tags: 1, tag }, `snapshot ${snapshot}`);
    }
  });
});

describe("processes sharing a DuckDB catalog file", () => {
  let settings: LakeSettings;
  let lake: Lake;

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), "lake-file-concurrency-"));
    settings = { catalog: join(dir, "catalog.ducklake"), dataPath: `${dir}/files/`,
      s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") };
    lake = await openLake(settings);
    await lake.createOrReplace("main.events", "SELECT 'seed' AS writer, -1 AS i WHERE false");
  });
  after(async () => lake?.close());

  test("reader process beside a writer", async () => {
    const writer = startWorker(settings, ["append", "w", "10"]);
    await writer.ready;
    const reader = startWorker(settings, ["read", "", "15"]);
    assert.deepEqual(await Promise.all([writer.exit, reader.exit]), [0, 0]);
    const counts = reader.lines.filter((l) => l.startsWith("READ ")).map((l) => Number(l.slice(5)));
    assert.equal(counts.length, 15);
    assert.ok(counts.every((n, i) => n >= 0 && n <= 10 && (i === 0 || n >= counts[i - 1])),
      `reads ${counts.join(",")} only ever grow, one row per commit`);
  });

  test("two lakes in one process share the file", async () => {
    await lake.createOrReplace("main.events", "SELECT 'seed' AS writer, -1 AS i WHERE false");
    const other = await openLake(settings);
    try {
      await Promise.all([lake, other].map(async (writer, w) => {
        for (let i = 0; i < 5; i++) {
          await writer.append("main.events", `SELECT 'lake${w}' AS writer, ${i} AS i`);
        }
      }));
    } finally {
      await other.close();
    }
    const view = await lake.read("main.events");
    assert.deepEqual(await lake.query(`SELECT count(DISTINCT writer || i) AS n FROM ${view}`),
      [{ n: 10 }]);
  });

  test("two writer processes keep all appends", async () => {
    await lake.createOrReplace("main.events", "SELECT 'seed' AS writer, -1 AS i WHERE false");
    await twoAppenders(settings, settings, lake);
  });
});
