// Writing a staged commit into the catalog: one transaction that first claims the next snapshot
// id (so a concurrent writer fails on the primary key or the check below), then adds the rows.
import type { DuckDBConnection } from "@duckdb/node-api";
import { duckRows } from "./catalog/duckdb-file.ts";
import { isUniqueViolation, SnapshotConflict, type CatalogQuery, type SqlValue }
  from "./catalog/types.ts";
import { changesMade, type StagedCommit, type StagedTable } from "./commit.ts";
import type { ColumnRow, ColumnStatsRow } from "./state.ts";
import type { CommitInfo } from "./types.ts";
import { duckdbType, isFloating, statText } from "./types-map.ts";
import { quoteString } from "./parquet.ts";

interface TableTotals {
  staged: StagedTable;
  recordCount: number;
  fileSizeBytes: number;
  columnStats: ColumnStatsRow[];
}

/** Smaller or larger of two stat texts, compared as values of the column's type. */
async function pick(
  connection: DuckDBConnection,
  lakeTypeName: string,
  a: string | null,
  b: string | null,
  fn: "least" | "greatest",
): Promise<string | null> {
  if (a === null) return b;
  if (b === null) return a;
  if (lakeTypeName === "blob") return (fn === "least" ? a < b : a > b) ? a : b;
  const type = lakeTypeName === "boolean" ? "INTEGER" : duckdbType(lakeTypeName, "statistics");
  const expr = `${fn}(CAST(${quoteString(a)} AS ${type}), CAST(${quoteString(b)} AS ${type}))`;
  const [row] = await duckRows(connection,
    `SELECT ${statText(expr, lakeTypeName === "boolean" ? "int32" : lakeTypeName)} AS v`);
  return row.v === null ? null : String(row.v);
}

/** Table statistics after the commit: the base table's merged with every new file's. */
export async function tableTotals(
  connection: DuckDBConnection,
  commit: StagedCommit,
): Promise<TableTotals[]> {
  const totals: TableTotals[] = [];
  for (const staged of commit.touched.values()) {
    const row = staged.row;
    const base = staged.isNew ? [] : row.columnStats;
    const columnStats: ColumnStatsRow[] = [];
    for (const column of row.columns.filter((c) => c.parentColumn === null)) {
      const old = base.find((s) => s.columnId === column.columnId);
      // A column added to a table that has rows is NULL in those rows.
      const addedLater = !staged.isNew && !old && row.recordCount > 0;
      let stats: ColumnStatsRow = old ? { ...old } : {
        columnId: column.columnId, containsNull: addedLater ? true : null, containsNan: null,
        minValue: null, maxValue: null,
      };
      for (const file of staged.files) {
        const f = file.facts.columns.find((c) => c.columnId === column.columnId)!;
        stats = {
          columnId: column.columnId,
          containsNull: Boolean(stats.containsNull) || f.nullCount > 0,
          containsNan: isFloating(column.type)
            ? Boolean(stats.containsNan) || Boolean(f.containsNan) : null,
          minValue: await pick(connection, column.type, stats.minValue, f.minValue, "least"),
          maxValue: await pick(connection, column.type, stats.maxValue, f.maxValue, "greatest"),
        };
      }
      columnStats.push(stats);
    }
    const added = staged.files.reduce((sum, f) => sum + f.facts.recordCount, 0);
    const bytes = staged.files.reduce((sum, f) => sum + f.facts.fileSizeBytes, 0);
    totals.push({
      staged,
      recordCount: (staged.isNew ? 0 : row.recordCount) + added,
      fileSizeBytes: (staged.isNew ? 0 : row.fileSizeBytes) + bytes,
      columnStats,
    });
  }
  return totals;
}

async function insert(q: CatalogQuery, table: string, columns: string[], rows: SqlValue[][]) {
  // Several rows per statement: a Postgres round trip per row would dominate commit time.
  for (let start = 0; start < rows.length; start += 200) {
    const chunk = rows.slice(start, start + 200);
    const params: SqlValue[] = [];
    const tuples = chunk.map((row) => `(${row.map((value) => {
      params.push(value);
      return `$${params.length}`;
    }).join(", ")})`);
    await q.run(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")}`, params);
  }
}

async function insertColumns(q: CatalogQuery, snapshotId: number, tableId: number,
  columns: ColumnRow[]) {
  await insert(q, "ducklake_column", ["column_id", "begin_snapshot", "end_snapshot", "table_id",
    "column_order", "column_name", "column_type", "initial_default", "default_value",
    "nulls_allowed", "parent_column", "default_value_type", "default_value_dialect"],
  columns.map((c) => [c.columnId, snapshotId, null, tableId, c.order, c.name, c.type, null,
    "NULL", true, null, "literal", "duckdb"]));
}

export async function writeCommit(
  q: CatalogQuery,
  commit: StagedCommit,
  totals: TableTotals[],
  info: CommitInfo,
): Promise<number> {
  const base = commit.base.snapshot;
  const [{ last }] = await q.all("SELECT max(snapshot_id) AS last FROM ducklake_snapshot");
  if (Number(last) !== base.snapshotId) {
    throw new SnapshotConflict(`snapshot ${base.snapshotId} is no longer the latest ` +
      `(another writer committed snapshot ${last})`);
  }
  const id = base.snapshotId + 1;
  let nextFileId = base.nextFileId;
  const fileIds = new Map<string, number>();
  for (const t of totals) for (const f of t.staged.files) fileIds.set(f.relativePath, nextFileId++);

  try {
    await q.run(`INSERT INTO ducklake_snapshot (snapshot_id, snapshot_time, schema_version,
      next_catalog_id, next_file_id) VALUES ($1, now(), $2, $3, $4)`,
      [id, base.schemaVersion + (commit.changesSchema ? 1 : 0), commit.nextCatalogId, nextFileId]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new SnapshotConflict(`another writer took snapshot ${id} at the same time`);
    }
    throw error;
  }
  await q.run(`INSERT INTO ducklake_snapshot_changes (snapshot_id, changes_made, author,
    commit_message, commit_extra_info) VALUES ($1, $2, $3, $4, NULL)`,
    [id, changesMade(commit.changes), info.author ?? null, info.message ?? null]);

  for (const change of commit.changes) {
    if (change.kind === "created_schema") {
      const s = change.schema;
      await insert(q, "ducklake_schema", ["schema_id", "schema_uuid", "begin_snapshot",
        "end_snapshot", "schema_name", "path", "path_is_relative"],
        [[s.schemaId, change.uuid, id, null, s.name, s.path, true]]);
    } else if (change.kind === "dropped_table") {
      for (const table of ["ducklake_table", "ducklake_column", "ducklake_data_file",
        "ducklake_delete_file", "ducklake_partition_info", "ducklake_column_tag"]) {
        await q.run(`UPDATE ${table} SET end_snapshot = $1
          WHERE table_id = $2 AND end_snapshot IS NULL`, [id, change.tableId]);
      }
      await q.run(`UPDATE ducklake_tag SET end_snapshot = $1
        WHERE object_id = $2 AND end_snapshot IS NULL`, [id, change.tableId]);
    } else if (change.kind === "altered_table") {
      const t = change.table.row;
      await insertColumns(q, id, t.tableId, change.newColumns);
      await insert(q, "ducklake_schema_versions", ["begin_snapshot", "schema_version",
        "table_id"], [[id, base.schemaVersion + 1, t.tableId]]);
    } else if (change.kind === "created_table") {
      const t = change.table.row;
      await insert(q, "ducklake_table", ["table_id", "table_uuid", "begin_snapshot",
        "end_snapshot", "schema_id", "table_name", "path", "path_is_relative"],
        [[t.tableId, change.table.uuid, id, null, t.schemaId, t.name, t.path, true]]);
      await insertColumns(q, id, t.tableId, t.columns);
      await insert(q, "ducklake_schema_versions", ["begin_snapshot", "schema_version",
        "table_id"], [[id, base.schemaVersion + 1, t.tableId]]);
    }
  }

  for (const t of totals) {
    const tableId = t.staged.row.tableId;
    await insert(q, "ducklake_data_file", ["data_file_id", "table_id", "begin_snapshot",
      "end_snapshot", "file_order", "path", "path_is_relative", "file_format", "record_count",
      "file_size_bytes", "footer_size", "row_id_start", "partition_id", "encryption_key",
      "mapping_id", "partial_max"], t.staged.files.map((f) => [fileIds.get(f.relativePath)!,
      tableId, id, null, null, f.name, true, "parquet", f.facts.recordCount,
      f.facts.fileSizeBytes, f.facts.footerSize, f.rowIdStart, null, null, null, null]));
    await insert(q, "ducklake_file_column_stats", ["data_file_id", "table_id", "column_id",
      "column_size_bytes", "value_count", "null_count", "min_value", "max_value",
      "contains_nan", "extra_stats"], t.staged.files.flatMap((f) => f.facts.columns.map((c) =>
      [fileIds.get(f.relativePath)!, tableId, c.columnId, c.columnSizeBytes, c.valueCount,
        c.nullCount, c.minValue, c.maxValue, c.containsNan, null])));

    await q.run("DELETE FROM ducklake_table_stats WHERE table_id = $1", [tableId]);
    await insert(q, "ducklake_table_stats", ["table_id", "record_count", "next_row_id",
      "file_size_bytes"], [[tableId, t.recordCount, t.staged.row.nextRowId, t.fileSizeBytes]]);
    await q.run("DELETE FROM ducklake_table_column_stats WHERE table_id = $1", [tableId]);
    await insert(q, "ducklake_table_column_stats", ["table_id", "column_id", "contains_null",
      "contains_nan", "min_value", "max_value", "extra_stats"], t.columnStats.map((s) =>
      [tableId, s.columnId, s.containsNull, s.containsNan, s.minValue, s.maxValue, null]));
  }
  return id;
}
