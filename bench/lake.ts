// Lake benchmark: a 1,000,000-row table read through the lake (a view over its Parquet files,
// matched by field id) against read_parquet on the same files, and commit latency on Postgres.
// Last line: RESULT lake_read_ratio=<x> commit_ms_p50=<y> (goal: ratio ≤ 1.1). The ratio compares
// scans; the catalog lookup that `read` makes once per view is printed apart.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLake } from "../pipeline/lake/index.ts";
import type { Lake } from "../pipeline/lake/types.ts";
import { freshDatabase, startPostgres } from "../tests/support/services.ts";

const ROWS = 1_000_000;
const RUNS = 11;
const COMMITS = 25;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Aggregates that touch every column, so both sides decode the whole file. */
const scan = (source: string) => `SELECT count(*) AS n, sum(id) AS ids, sum(x) AS x,
  max(label) AS label, max(day) AS day, max(ts) AS ts, sum(code) AS code FROM ${source}`;

async function readRatio(dir: string): Promise<number> {
  const lake = await openLake({ catalog: join(dir, "catalog.ducklake"), dataPath: `${dir}/files/`,
    s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") });
  try {
    const write = await timed(() => lake.createOrReplace("bench.rows", `SELECT range AS id,
      range * 0.5 AS x, 'label-' || (range % 1000) AS label, DATE '2020-01-01' + (range % 3000)::INT
      AS day, TIMESTAMP '2020-01-01' + INTERVAL (range) SECOND AS ts, (range % 7)::INTEGER AS code
      FROM range(${ROWS})`));
    console.log(`wrote ${ROWS} rows in ${write.toFixed(0)} ms`);

    const folder = join(dir, "files", "bench", "rows");
    const files = (await readdir(folder)).map((name) => `'${join(folder, name)}'`);
    const direct = `read_parquet([${files.join(", ")}])`;

    let view = await lake.read("bench.rows");
    const expected = JSON.stringify(await lake.query(scan(direct)));
    if (JSON.stringify(await lake.query(scan(view))) !== expected) {
      throw new Error("The lake view and read_parquet disagree on the benchmark table.");
    }

    // Scans alternate so that both sides run under the same machine load. The catalog lookup
    // (one per `read`, whatever the table size) is measured on its own.
    const lakeTimes: number[] = [];
    const parquetTimes: number[] = [];
    const lookupTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      lookupTimes.push(await timed(async () => (view = await lake.read("bench.rows"))));
      lakeTimes.push(await timed(() => lake.query(scan(view))));
      parquetTimes.push(await timed(() => lake.query(scan(direct))));
    }
    console.log(`scan through the lake view: median ${median(lakeTimes).toFixed(1)} ms; ` +
      `read_parquet on the same files: median ${median(parquetTimes).toFixed(1)} ms; ` +
      `catalog lookup per read: median ${median(lookupTimes).toFixed(1)} ms`);
    return median(lakeTimes) / median(parquetTimes);
  } finally {
    await lake.close();
  }
}

async function commitLatency(dir: string): Promise<number> {
  const server = await startPostgres();
  let lake: Lake | undefined;
  try {
    lake = await openLake({ catalog: await freshDatabase(server.url),
      dataPath: `${dir}/pg-files/`, s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") });
    await lake.createOrReplace("bench.events", "SELECT 0 AS batch, range AS id FROM range(100)");
    const times: number[] = [];
    for (let batch = 1; batch <= COMMITS; batch++) {
      times.push(await timed(() => lake!.append("bench.events",
        `SELECT ${batch} AS batch, range AS id FROM range(100)`)));
    }
    console.log(`Postgres commit (append of 100 rows) p50 ${median(times).toFixed(1)} ms, ` +
      `max ${Math.max(...times).toFixed(1)} ms over ${COMMITS} commits`);
    return median(times);
  } finally {
    await lake?.close();
    await server.stop();
  }
}

const dir = await mkdtemp(join(tmpdir(), "lake-bench-"));
try {
  const ratio = await readRatio(dir);
  const commitMs = await commitLatency(dir);
  console.log(`RESULT lake_read_ratio=${ratio.toFixed(3)} commit_ms_p50=${commitMs.toFixed(1)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
