// Rows and deletes the extension keeps in the catalog itself instead of Parquet ("inlining", for
// small inserts): `ducklake_inlined_data_<table>_<schema version>` and
// `ducklake_inlined_delete_<table>`.
import type { CatalogQuery, SqlValue } from "./catalog/types.ts";
import { VISIBLE, type ColumnRow } from "./state.ts";

export interface InlinedRows {
  /** Catalog column id of each value, in the order of `rows`' values. */
  columnIds: number[];
  rows: (string | null)[][];
  /** The latest snapshot that inserted one of the rows. */
  lastSnapshot: number;
}

/** Row positions deleted through the catalog, by data file id. */
export type InlinedDeletes = Map<number, number[]> & { lastSnapshot?: number };

export async function loadInlinedRows(
  q: CatalogQuery,
  tableId: number,
  snapshotId: number,
  tableNames: Set<string>,
): Promise<InlinedRows[]> {
  const listed = await q.all(`SELECT table_name, schema_version FROM ducklake_inlined_data_tables
    WHERE table_id = $1 ORDER BY schema_version`, [tableId]);
  const result: InlinedRows[] = [];
  for (const entry of listed) {
    const name = String(entry.table_name);
    if (!/^ducklake_inlined_data_\d+_\d+$/.test(name) || !tableNames.has(name)) continue;

    // The inlined table has the columns of the table as they were at its schema version.
    const versionSnapshot = await schemaVersionSnapshot(q, tableId,
      Number(entry.schema_version));
    const atVersion = await q.all(`SELECT column_id, column_name FROM ducklake_column
      WHERE table_id = $2 AND parent_column IS NULL AND ${VISIBLE} ORDER BY column_order`,
      [versionSnapshot ?? snapshotId, tableId]);
    const columnIds = atVersion.map((c) => Number(c.column_id));
    // NOTE: on Postgres a BYTEA cast to text is hex (`\xcafe`), which DuckDB reads back as
    // other bytes, so inlined BLOB values from a Postgres catalog come out wrong.
    const casts = atVersion.map((c, i) => `CAST("${String(c.column_name).replaceAll('"', '""')}"`
      + ` AS VARCHAR) AS v${i}`);
    const rows = await q.all(`SELECT ${["row_id", "begin_snapshot", ...casts].join(", ")}
      FROM ${name}
      WHERE ${VISIBLE} ORDER BY row_id`, [snapshotId]);
    if (rows.length === 0) continue;
    result.push({
      columnIds,
      rows: rows.map((row) => columnIds.map((_, i) => textOrNull(row[`v${i}`]))),
      lastSnapshot: Math.max(...rows.map((row) => Number(row.begin_snapshot))),
    });
  }
  return result;
}

/**
 * Finds a snapshot at which the table had its columns of `schemaVersion`. It reads
 * `ducklake_schema_versions` first because gc keeps those rows but deletes expired snapshots.
 * The latest change of this table at or before the version fixes its columns at that version.
 */
async function schemaVersionSnapshot(
  q: CatalogQuery,
  tableId: number,
  schemaVersion: number,
): Promise<number | undefined> {
  const [change] = await q.all(`SELECT begin_snapshot FROM ducklake_schema_versions
    WHERE schema_version <= $1 AND (table_id = $2 OR table_id IS NULL)
    ORDER BY schema_version DESC LIMIT 1`, [schemaVersion, tableId]);
  if (change) return Number(change.begin_snapshot);

  const [first] = await q.all(`SELECT min(snapshot_id) AS first FROM ducklake_snapshot
    WHERE schema_version = $1`, [schemaVersion]);
  return first?.first === null || first?.first === undefined ? undefined : Number(first.first);
}

function textOrNull(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

export async function loadInlinedDeletes(
  q: CatalogQuery,
  tableId: number,
  snapshotId: number,
  tableNames: Set<string>,
): Promise<InlinedDeletes> {
  const name = `ducklake_inlined_delete_${tableId}`;
  const deletes: InlinedDeletes = new Map();
  if (!tableNames.has(name)) return deletes;

  const rows = await q.all(`SELECT file_id, row_id, begin_snapshot FROM ${name}
    WHERE begin_snapshot <= $1`,
    [snapshotId]);
  for (const row of rows) {
    deletes.lastSnapshot = Math.max(deletes.lastSnapshot ?? 0, Number(row.begin_snapshot));
    const fileId = Number(row.file_id);
    const list = deletes.get(fileId) ?? [];
    list.push(Number(row.row_id));
    deletes.set(fileId, list);
  }
  return deletes;
}

export function columnsById(columns: ColumnRow[]): Map<number, ColumnRow> {
  return new Map(columns.map((c) => [c.columnId, c]));
}
