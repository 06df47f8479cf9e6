// Garbage collection: expire old snapshots, then delete the files no remaining snapshot reads.
// Catalog rows go first, in one transaction. Files are deleted after it commits, so a crash in
// between leaves only unreferenced files, which the next run removes.
import type { CatalogDb } from "./catalog/types.ts";
import { loadState } from "./state.ts";
import { lakePath } from "./read.ts";
import type { Storage } from "./storage/types.ts";
import type { GcOptions, GcResult } from "./types.ts";

/** Files younger than this may belong to a commit still in progress. */
const DEFAULT_ORPHAN_AGE_MS = 60 * 60 * 1000;

export async function collectGarbage(
  catalog: CatalogDb,
  storage: Storage,
  options: GcOptions = {},
): Promise<GcResult> {
  const dryRun = options.dryRun ?? false;
  const cutoff = new Date(Date.now() - (options.orphanAgeMs ?? DEFAULT_ORPHAN_AGE_MS));

  const plan = await catalog.transaction(dryRun ? "read" : "write", async (q) => {
    const state = await loadState(q);
    const current = state.snapshot.snapshotId;
    const expired = options.olderThan
      ? (await q.all(`SELECT snapshot_id FROM ducklake_snapshot
          WHERE snapshot_time < CAST($1 AS TIMESTAMPTZ) AND snapshot_id < $2
          ORDER BY snapshot_id`, [options.olderThan.toISOString(), current]))
          .map((row) => Number(row.snapshot_id))
      : [];
    const oldestKept = expired.length > 0 ? Math.max(...expired) + 1 : 0;

    // Every file row with its table and schema paths, alive or not.
    const rows = await q.all(`SELECT f.data_file_id AS id, 'data' AS kind, f.path,
        f.path_is_relative, f.end_snapshot, t.path AS table_path, t.path_is_relative AS t_rel,
        s.path AS schema_path, s.path_is_relative AS s_rel
      FROM ducklake_data_file f
      JOIN (SELECT DISTINCT table_id, schema_id, path, path_is_relative FROM ducklake_table) t
        USING (table_id)
      JOIN ducklake_schema s USING (schema_id)
      UNION ALL
      SELECT f.delete_file_id, 'delete', f.path, f.path_is_relative, f.end_snapshot, t.path,
        t.path_is_relative, s.path, s.path_is_relative
      FROM ducklake_delete_file f
      JOIN (SELECT DISTINCT table_id, schema_id, path, path_is_relative FROM ducklake_table) t
        USING (table_id)
      JOIN ducklake_schema s USING (schema_id)`);
    const scheduled = await q.all(`SELECT data_file_id, path, path_is_relative
      FROM ducklake_files_scheduled_for_deletion`);

    const pathOf = (row: Record<string, unknown>) => lakePath(
      { path: String(row.schema_path), pathIsRelative: row.s_rel !== false },
      { path: String(row.table_path), pathIsRelative: row.t_rel !== false },
      { path: String(row.path), pathIsRelative: row.path_is_relative !== false });
    const dead = rows.filter((row) => row.end_snapshot !== null &&
      Number(row.end_snapshot) <= oldestKept);
    const live = new Set(rows.filter((row) => !dead.includes(row)).map(pathOf));
    const deadPaths = [...dead.map(pathOf), ...scheduled.map((row) => String(row.path))];

    if (!dryRun) {
      for (const id of expired) {
        await q.run("DELETE FROM ducklake_snapshot WHERE snapshot_id = $1", [id]);
        await q.run("DELETE FROM ducklake_snapshot_changes WHERE snapshot_id = $1", [id]);
      }
      for (const row of dead) {
        if (row.kind === "data") {
          await q.run("DELETE FROM ducklake_data_file WHERE data_file_id = $1", [row.id]);
          await q.run("DELETE FROM ducklake_file_column_stats WHERE data_file_id = $1", [row.id]);
        } else {
          await q.run("DELETE FROM ducklake_delete_file WHERE delete_file_id = $1", [row.id]);
        }
      }
      await q.run("DELETE FROM ducklake_files_scheduled_for_deletion");
    }
    return { expired, live, deadPaths };
  });

  // Files no catalog row names: left by failed or killed commits.
  const stored = await storage.list();
  const isDataFile = (path: string) => path.endsWith(".parquet") && !path.startsWith("artifacts/");
  const orphans = stored.filter((f) => isDataFile(f.path) && !plan.live.has(f.path) &&
    f.modifiedMs <= cutoff.getTime());
  const doomed = new Map(orphans.map((f) => [f.path, f.bytes]));
  for (const path of plan.deadPaths) {
    const file = stored.find((f) => f.path === path);
    if (file && !plan.live.has(path)) doomed.set(path, file.bytes);
  }

  if (!dryRun) for (const path of doomed.keys()) await storage.delete(path);
  return {
    expiredSnapshots: plan.expired,
    deletedFiles: [...doomed.keys()].sort(),
    deletedBytes: [...doomed.values()].reduce((sum, bytes) => sum + bytes, 0),
    dryRun,
  };
}
