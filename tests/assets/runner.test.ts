// The runner on a real lake with two small assets: bronze/numbers (reads a file, writes n rows)
// and silver/total (sums them).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { defineAsset, type AssetDefinition } from "../../pipeline/assets/define.ts";
import {
  ensureFresh,
  materialize,
  PIPELINE_LOCK,
  type MaterializeOptions,
} from "../../pipeline/assets/runner.ts";
import { readSettings } from "../../pipeline/config.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { sha256File } from "../../pipeline/sources/baac-download.ts";
import { tempDir, tempLake } from "../bronze/support.ts";

const inputFile = join(tempDir("runner-input"), "numbers.txt");
writeFileSync(inputFile, "5");

let totalCodeVersion = "1";
let totalFails = false;

const numbers = defineAsset({
  key: "bronze/numbers",
  group: "bronze",
  deps: [],
  description: "The integers 1..n, n read from a file, plus the seed.",
  tables: ["bronze.numbers"],
  codeVersion: "1",
  parameters: (settings) => ({ seed: settings.seed }),
  inputs: async () => [{ path: inputFile, sha256: (await sha256File(inputFile)).sha256 }],
  materialize: async ({ tx, settings }) => {
    const { readFileSync } = await import("node:fs");
    const n = Number(readFileSync(inputFile, "utf-8"));
    const rows = await tx.createOrReplace(
      "bronze.numbers",
      `SELECT range + 1 AS value, ${settings.seed} AS seed FROM range(${n})`,
    );
    return { rows };
  },
});

const total: AssetDefinition = {
  key: "silver/total",
  group: "silver",
  deps: ["bronze/numbers"],
  description: "Sum of bronze.numbers.",
  tables: ["silver.total"],
  get codeVersion() {
    return totalCodeVersion;
  },
  parameters: () => ({}),
  materialize: async ({ lake, tx }) => {
    if (totalFails) throw new Error("silver/total: division by zero in test");
    const view = await lake.read("bronze.numbers");
    const rows = await tx.createOrReplace(
      "silver.total",
      `SELECT sum(value) AS total FROM ${view}`,
    );
    return { rows };
  },
};

describe("materialize", () => {
  let lake: Lake;
  let env: Record<string, string>;
  const lines: string[] = [];

  function options(extra: Partial<MaterializeOptions> = {}, seed = "42"): MaterializeOptions {
    return {
      assets: [total, numbers],
      lake,
      settings: readSettings({ ...env, PIPELINE_SEED: seed }),
      log: (line) => lines.push(line),
      ...extra,
    };
  }

  async function statuses(
    selection: string[],
    extra: Partial<MaterializeOptions> = {},
    seed?: string,
  ) {
    const summary = await materialize(selection, options(extra, seed));
    return summary.outcomes.map((outcome) => [outcome.key, outcome.status, ...outcome.reasons]);
  }

  async function totalValue(): Promise<number> {
    const view = await lake.read("silver.total");
    const [row] = await lake.query<{ total: number }>(
      `SELECT CAST(total AS INTEGER) AS total FROM ${view}`,
    );
    return row.total;
  }

  before(async () => {
    ({ lake, env } = await tempLake());
  });
  after(() => lake.close());

  test("first run builds deps first, one commit each", async () => {
    const before = await lake.currentSnapshot();
    assert.deepEqual(await statuses(["*"]), [
      ["bronze/numbers", "materialized", "never materialized"],
      ["silver/total", "materialized", "never materialized"],
    ]);
    assert.equal(await totalValue(), 15);

    const snapshots = (await lake.snapshots()).filter((s) => s.snapshotId > before);
    assert.equal(snapshots.length, 3);
    const runId = /^Run (\S+):/.exec(lines[lines.length - 1])?.[1];
    assert.ok(runId);
    assert.deepEqual(
      snapshots.map((s) => [s.author, s.commitMessage]),
      [
        ["accidents-nc pipeline", `Materialize bronze/numbers (run ${runId})`],
        ["accidents-nc pipeline", `Materialize silver/total (run ${runId})`],
        ["accidents-nc pipeline", `Record run ${runId}`],
      ],
    );
  });

  test("log line names rows, seconds and snapshot", () => {
    const line = lines.find((l) => l.startsWith("bronze/numbers"));
    assert.match(
      line ?? "",
      /^bronze\/numbers  5 rows  \d+\.\d s  snapshot \d+  \(never materialized\)$/,
    );
  });

  test("run history is in ops tables", async () => {
    const view = await lake.read("ops.asset_materializations");
    const rows = await lake.query<Record<string, unknown>>(
      `SELECT asset, status, rows, snapshot_id IS NOT NULL AS has_snapshot, error, parameters,
        ended_at >= started_at AS ordered FROM ${view} ORDER BY started_at`,
    );
    assert.deepEqual(rows, [
      {
        asset: "bronze/numbers",
        status: "success",
        rows: 5,
        has_snapshot: true,
        error: null,
        parameters: '{"seed":42}',
        ordered: true,
      },
      {
        asset: "silver/total",
        status: "success",
        rows: 1,
        has_snapshot: true,
        error: null,
        parameters: "{}",
        ordered: true,
      },
    ]);
    const runs = await lake.read("ops.runs");
    const [run] = await lake.query(
      `SELECT status, selection, materialized, fresh, failed FROM ${runs}`,
    );
    assert.deepEqual(run, {
      status: "success",
      selection: "*",
      materialized: 2,
      fresh: 0,
      failed: 0,
    });
  });

  test("asset commit carries its history row", async () => {
    // So a process killed before the run's own commit still leaves the asset fresh.
    const snapshots = await lake.snapshots();
    const numbersCommit = snapshots.find((s) =>
      s.commitMessage?.startsWith("Materialize bronze/numbers"),
    );
    assert.ok(numbersCommit);
    const view = await lake.read("ops.asset_materializations", {
      snapshot: numbersCommit.snapshotId,
      as: "history_at_numbers",
    });
    const rows = await lake.query<{ asset: string; snapshot_id: number }>(
      `SELECT asset, snapshot_id FROM ${view}`,
    );
    assert.deepEqual(rows, [{ asset: "bronze/numbers", snapshot_id: numbersCommit.snapshotId }]);
  });

  test("nothing changed: fresh, no commit", async () => {
    const snapshot = await lake.currentSnapshot();
    const result = await statuses(["*"]);
    assert.equal(result[0][1], "fresh");
    assert.equal(result[1][1], "fresh");
    assert.equal(await lake.currentSnapshot(), snapshot);
  });

  test("parameter change reruns downstream too", async () => {
    const result = await statuses(["*"], {}, "7");
    assert.deepEqual(result[0], ["bronze/numbers", "materialized", "parameter seed 42 -> 7"]);
    assert.equal(result[1][1], "materialized");
    assert.match(
      String(result[1][2]),
      /^upstream bronze\/numbers changed \(snapshot \d+ -> \d+\)$/,
    );
  });

  test("input file change", async () => {
    writeFileSync(inputFile, "6");
    const result = await statuses(["+silver/total"], {}, "7");
    assert.match(String(result[0][2]), /^input numbers\.txt changed \(sha256 \w{12} -> \w{12}\)$/);
    assert.equal(await totalValue(), 21);
  });

  test("code version change reruns only that asset", async () => {
    totalCodeVersion = "2";
    assert.deepEqual(await statuses(["*"], {}, "7"), [
      ["bronze/numbers", "fresh", await lastSnapshotReason()],
      ["silver/total", "materialized", "code version 1 -> 2"],
    ]);
  });

  async function lastSnapshotReason(): Promise<string> {
    const view = await lake.read("ops.asset_materializations");
    const [row] = await lake.query<{ s: number }>(
      `SELECT max(snapshot_id) AS s FROM ${view} WHERE asset = 'bronze/numbers'`,
    );
    return `unchanged since snapshot ${row.s}`;
  }

  test("force reruns a fresh asset", async () => {
    assert.deepEqual(await statuses(["bronze/numbers"], { force: true }, "7"), [
      ["bronze/numbers", "materialized", "forced"],
    ]);
  });

  test("failure keeps the table and is recorded", async () => {
    const tableBefore = (await lake.tables()).find((t) => t.table === "silver.total");
    totalFails = true;
    totalCodeVersion = "3";
    const summary = await materialize(["*"], options({}, "7"));
    totalFails = false;

    assert.equal(summary.failed, true);
    const failed = summary.outcomes.find((o) => o.key === "silver/total");
    assert.equal(failed?.status, "failed");
    assert.equal(failed?.error, "silver/total: division by zero in test");
    const tableAfter = (await lake.tables()).find((t) => t.table === "silver.total");
    assert.deepEqual(tableAfter, tableBefore);

    const view = await lake.read("ops.asset_materializations");
    const [row] = await lake.query(
      `SELECT status, error, snapshot_id FROM ${view} WHERE status = 'failed'`,
    );
    assert.deepEqual(row, {
      status: "failed",
      error: "silver/total: division by zero in test",
      snapshot_id: null,
    });
  });

  test("downstream of a failure is not run", async () => {
    totalFails = true;
    const downstream = defineAsset({
      ...total,
      key: "silver/after",
      deps: ["silver/total"],
      tables: [],
      materialize: async () => ({ rows: 0 }),
    });
    const summary = await materialize(["*"], {
      ...options({}, "7"),
      assets: [numbers, total, downstream],
    });
    totalFails = false;
    assert.deepEqual(
      summary.outcomes.map((o) => o.status),
      ["fresh", "failed", "not run"],
    );
  });

  test("second runner fails clearly while the lock is held", async () => {
    let release = () => {};
    const held = lake.withLock(
      PIPELINE_LOCK,
      "other-host pid 1",
      () =>
        new Promise<void>((done) => {
          release = done;
        }),
    );
    await new Promise((done) => setTimeout(done, 200));
    await assert.rejects(
      materialize(["*"], options({}, "7")),
      /Lock "pipeline" is held by other-host pid 1 since/,
    );

    // With a wait, the second runner starts once the first releases the lock.
    const waiting = materialize(["*"], options({ waitMs: 30_000 }, "7"));
    setTimeout(() => release(), 300);
    await held;
    const summary = await waiting;
    assert.equal(summary.failed, false);
  });

  test("ensureFresh does nothing when fresh", async () => {
    assert.equal(await ensureFresh(["silver/total"], options({}, "7")), undefined);
  });

  test("ensureFresh builds stale upstream", async () => {
    const summary = await ensureFresh(["silver/total"], options({}, "11"));
    assert.deepEqual(
      summary?.outcomes.map((o) => [o.key, o.status]),
      [
        ["bronze/numbers", "materialized"],
        ["silver/total", "materialized"],
      ],
    );
  });

  test("ensureFresh raises on failure", async () => {
    totalFails = true;
    totalCodeVersion = "4";
    await assert.rejects(
      ensureFresh(["silver/total"], options({}, "11")),
      /Could not make silver\/total fresh: silver\/total failed: silver\/total: division by zero/,
    );
    totalFails = false;
  });

  test("ensureFresh reports unreadable inputs", async () => {
    const broken = defineAsset({
      ...numbers,
      inputs: async () => {
        throw new Error("numbers.txt: permission denied");
      },
    });
    await assert.rejects(
      ensureFresh(["bronze/numbers"], { ...options({}, "11"), assets: [broken, total] }),
      /Could not make bronze\/numbers fresh: bronze\/numbers failed: numbers\.txt: permission/,
    );
  });

  test("unbuilt upstream outside the selection", async () => {
    const { lake: empty, env: emptyEnv } = await tempLake();
    const summary = await materialize(["silver/total"], {
      assets: [numbers, total],
      lake: empty,
      settings: readSettings(emptyEnv),
      log: () => {},
    });
    await empty.close();
    assert.equal(
      summary.outcomes[0].error,
      "upstream bronze/numbers never materialized; select +silver/total to build it too.",
    );
  });
});
