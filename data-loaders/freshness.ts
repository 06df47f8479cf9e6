// When the data shown was last refreshed: the lake's current snapshot and the latest run.
import type { Lake } from "../pipeline/lake/types.ts";

export interface Freshness {
  snapshotId: number;
  /** ISO time of the snapshot, in UTC. */
  snapshotTime: string;
  lastRun: Record<string, unknown> | null;
}

export async function readFreshness(lake: Lake): Promise<Freshness> {
  const snapshots = await lake.snapshots();
  const current = snapshots.reduce((a, b) => (b.snapshotId > a.snapshotId ? b : a));
  return {
    snapshotId: current.snapshotId,
    snapshotTime: current.time.toISOString(),
    lastRun: await readLastRun(lake),
  };
}

async function readLastRun(lake: Lake): Promise<Record<string, unknown> | null> {
  if (!(await lake.tableExists("ops.runs"))) return null;
  const view = await lake.read("ops.runs");
  const [run] = await lake.query(`
    SELECT run_id, strftime(started_at, '%Y-%m-%dT%H:%M:%S') AS started_at, status,
           materialized, failed
    FROM ${view} ORDER BY started_at DESC LIMIT 1`);
  return run ?? null;
}
