// The pipeline page: the asset graph with each asset's last materialisation, the lake's snapshots
// and tables, the data-quality report and the rejected rows.
import type { AssetKey } from "../pipeline/assets/define.ts";
import { assets } from "../pipeline/assets/registry.ts";
import type { Lake, TableName } from "../pipeline/lake/types.ts";
import { toJsonRows, withFreshLake } from "./lake-access.ts";

// The rejected-rows table on the page; the full count is given beside it.
const REJECTED_ROWS_SHOWN = 500;

async function readIfExists(lake: Lake, table: TableName, sql: (view: string) => string) {
  if (!(await lake.tableExists(table))) return null;
  const view = await lake.read(table);
  return toJsonRows(await lake.query(sql(view)));
}

export function loadPipelineStatus() {
  const keys = assets.map((asset) => asset.key) as AssetKey[];
  return withFreshLake(keys, async (lake) => {
    const snapshots = (await lake.snapshots()).map((s) => ({
      snapshot_id: s.snapshotId,
      time: s.time.toISOString(),
      changes: s.changesMade,
      author: s.author,
      message: s.commitMessage,
    }));
    const tables = (await lake.tables()).map((t) => ({
      table: t.table,
      rows: t.rowCount,
      files: t.fileCount,
      bytes: t.fileSizeBytes,
      columns: t.columns.length,
      last_changed_snapshot: t.lastChangedSnapshot,
    }));

    const materializations = await readIfExists(lake, "ops.asset_materializations",
      (view) => `SELECT run_id, asset, status, rows, snapshot_id,
                        strftime(started_at, '%Y-%m-%dT%H:%M:%S') AS started_at,
                        strftime(ended_at, '%Y-%m-%dT%H:%M:%S') AS ended_at,
                        code_version, error
                 FROM ${view} ORDER BY ended_at DESC`);
    const qualityReport = await readIfExists(lake, "silver.quality_report",
      (view) => `SELECT check_name, value, threshold, passed, blocking, detail FROM ${view}`);
    const rejectedRows = await readIfExists(lake, "bronze.rejected_rows",
      (view) => `SELECT source_file, line, field, value, reason FROM ${view}
                 ORDER BY source_file, line LIMIT ${REJECTED_ROWS_SHOWN}`);
    const rejectedCount = await readIfExists(lake, "bronze.rejected_rows",
      (view) => `SELECT CAST(count(*) AS INTEGER) AS n FROM ${view}`);

    return {
      assets: assets.map((a) => ({
        key: a.key, group: a.group, deps: a.deps, description: a.description, tables: a.tables,
        codeVersion: a.codeVersion,
      })),
      materializations: materializations ?? [],
      latest: latestByAsset(materializations ?? []),
      snapshots,
      tables,
      qualityReport,
      rejectedRows,
      rejectedTotal: rejectedCount ? Number(rejectedCount[0].n) : null,
    };
  });
}

/** Status of an asset's latest materialisation, as the graph shows it. */
export interface LatestMaterialization {
  status: "success" | "failed";
  rows: number | null;
  time: string | null;
}

/** Returns the latest materialisation of each asset key. */
export function latestByAsset(
  rows: Record<string, unknown>[],
): Record<string, LatestMaterialization> {
  const latest: Record<string, LatestMaterialization> = {};
  for (const row of rows) {
    const key = String(row.asset);
    const time = row.ended_at === null ? null : String(row.ended_at);
    const previous = latest[key];
    if (previous && previous.time !== null && time !== null && previous.time > time) continue;
    latest[key] = {
      status: row.status === "success" ? "success" : "failed",
      rows: typeof row.rows === "number" ? row.rows : null,
      time,
    };
  }
  return latest;
}
