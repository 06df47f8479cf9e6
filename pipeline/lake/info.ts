// Listing snapshots, tables and column statistics from the catalog.
import type { CatalogDb } from "./catalog/types.ts";
import { loadInlinedDeletes, loadInlinedRows } from "./inlined.ts";
import { loadState, SNAPSHOT_COLUMNS, VISIBLE } from "./state.ts";
import type { ColumnStats, SnapshotInfo, TableInfo, TableName } from "./types.ts";

export async function listSnapshots(catalog: CatalogDb): Promise<SnapshotInfo[]> {
  const rows = await catalog.transaction("read", (q) => q.all(`SELECT ${SNAPSHOT_COLUMNS},
    c.changes_made, c.author, c.commit_message FROM ducklake_snapshot s
    LEFT JOIN ducklake_snapshot_changes c USING (snapshot_id) ORDER BY snapshot_id`));
  return rows.map((row) => ({
    snapshotId: Number(row.snapshot_id),
    time: new Date(Number(row.time_ms)),
    schemaVersion: Number(row.schema_version),
    changesMade: row.changes_made === null ? "" : String(row.changes_made),
    author: row.author === null ? null : String(row.author),
    commitMessage: row.commit_message === null ? null : String(row.commit_message),
  }));
}

export async function listTables(catalog: CatalogDb, snapshot?: number): Promise<TableInfo[]> {
  return catalog.transaction("read", async (q) => {
    const state = await loadState(q, { snapshot });
    const s = state.snapshot.snapshotId;
    const names = await q.tableNames();
    const files = await q.all(`SELECT table_id, count(*) AS n, sum(record_count) AS records,
      sum(file_size_bytes) AS bytes, max(begin_snapshot) AS last FROM ducklake_data_file
      WHERE ${VISIBLE} GROUP BY table_id`, [s]);
    const deletes = await q.all(`SELECT table_id, sum(delete_count) AS n,
      max(begin_snapshot) AS last FROM ducklake_delete_file WHERE ${VISIBLE}
      GROUP BY table_id`, [s]);
    const result: TableInfo[] = [];
    for (const [key, table] of [...state.tables].sort(([a], [b]) => a.localeCompare(b))) {
      const f = files.find((r) => Number(r.table_id) === table.tableId);
      const d = deletes.find((r) => Number(r.table_id) === table.tableId);
      const inlined = await loadInlinedRows(q, table.tableId, s, names);
      const inlinedDeletes = await loadInlinedDeletes(q, table.tableId, s, names);
      const rowCount = Number(f?.records ?? 0) - Number(d?.n ?? 0)
        + inlined.reduce((sum, block) => sum + block.rows.length, 0)
        - [...inlinedDeletes.values()].reduce((sum, ids) => sum + ids.length, 0);
      result.push({
        table: key as TableName,
        tableId: table.tableId,
        columns: table.columns.filter((c) => c.parentColumn === null)
          .map((c) => ({ columnId: c.columnId, name: c.name, type: c.type })),
        rowCount,
        fileCount: Number(f?.n ?? 0),
        fileSizeBytes: Number(f?.bytes ?? 0),
        // NOTE: deleting an inlined row (its end_snapshot) does not move this forward.
        lastChangedSnapshot: Math.max(table.beginSnapshot, Number(f?.last ?? 0),
          Number(d?.last ?? 0), inlinedDeletes.lastSnapshot ?? 0,
          ...inlined.map((block) => block.lastSnapshot)),
      });
    }
    return result;
  });
}

export async function columnStats(catalog: CatalogDb, table: TableName): Promise<ColumnStats[]> {
  return catalog.transaction("read", async (q) => {
    const state = await loadState(q);
    const found = state.tables.get(table);
    if (!found) throw new Error(`Table ${table} does not exist at the current snapshot.`);
    const nulls = await q.all(`SELECT column_id, sum(null_count) AS n
      FROM ducklake_file_column_stats WHERE table_id = $2 AND data_file_id IN (
        SELECT data_file_id FROM ducklake_data_file WHERE table_id = $2 AND ${VISIBLE})
      GROUP BY column_id`, [state.snapshot.snapshotId, found.tableId]);
    return found.columns.filter((c) => c.parentColumn === null).map((c) => {
      const stats = found.columnStats.find((s) => s.columnId === c.columnId);
      const n = nulls.find((r) => Number(r.column_id) === c.columnId);
      return {
        name: c.name,
        nullCount: Number(n?.n ?? 0),
        minValue: stats?.minValue ?? null,
        maxValue: stats?.maxValue ?? null,
      };
    });
  });
}
