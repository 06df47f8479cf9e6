// Reading the catalog: the rows that describe the lake at one snapshot. Every reader gets them in
// one catalog transaction, so it never mixes two snapshots.
import type { CatalogQuery, SqlRow } from "./catalog/types.ts";

export interface SnapshotRow {
  snapshotId: number;
  timeMs: number;
  schemaVersion: number;
  nextCatalogId: number;
  nextFileId: number;
}

export interface SchemaRow {
  schemaId: number;
  name: string;
  path: string;
  pathIsRelative: boolean;
}

export interface ColumnRow {
  columnId: number;
  tableId: number;
  order: number;
  name: string;
  type: string;
  initialDefault: string | null;
  parentColumn: number | null;
  beginSnapshot: number;
}

export interface ColumnStatsRow {
  columnId: number;
  containsNull: boolean | null;
  containsNan: boolean | null;
  minValue: string | null;
  maxValue: string | null;
}

export interface TableRow {
  tableId: number;
  schemaId: number;
  schema: string;
  name: string;
  path: string;
  pathIsRelative: boolean;
  beginSnapshot: number;
  columns: ColumnRow[];
  /** The largest column id the table ever had: ids are never reused. */
  maxColumnId: number;
  recordCount: number;
  nextRowId: number;
  fileSizeBytes: number;
  columnStats: ColumnStatsRow[];
}

export interface CatalogState {
  snapshot: SnapshotRow;
  schemas: Map<string, SchemaRow>;
  /** Keyed by `schema.table`. */
  tables: Map<string, TableRow>;
}

/** Rows alive at snapshot `$1`. */
export const VISIBLE = "begin_snapshot <= $1 AND (end_snapshot IS NULL OR end_snapshot > $1)";

const num = (value: unknown) => Number(value);
const absent = (value: unknown) => value === null || value === undefined;
const optionalNum = (value: unknown) => (absent(value) ? null : Number(value));
const optionalText = (value: unknown) => (absent(value) ? null : String(value));
const optionalBool = (value: unknown) => (absent(value) ? null : Boolean(value));

export function snapshotFromRow(row: SqlRow): SnapshotRow {
  return {
    snapshotId: num(row.snapshot_id),
    timeMs: num(row.time_ms),
    schemaVersion: num(row.schema_version),
    nextCatalogId: num(row.next_catalog_id),
    nextFileId: num(row.next_file_id),
  };
}

export const SNAPSHOT_COLUMNS = `snapshot_id, schema_version, next_catalog_id, next_file_id,
  CAST(extract(epoch FROM snapshot_time) * 1000 AS DOUBLE PRECISION) AS time_ms`;

/** Finds the snapshot to read: the latest, a given id, or the latest at a time. */
export async function findSnapshot(
  q: CatalogQuery,
  at: { snapshot?: number; time?: Date } = {},
): Promise<SnapshotRow> {
  let rows: SqlRow[];
  if (at.snapshot !== undefined) {
    rows = await q.all(`SELECT ${SNAPSHOT_COLUMNS} FROM ducklake_snapshot WHERE snapshot_id = $1`,
      [at.snapshot]);
    if (rows.length === 0) {
      const [{ last }] = await q.all("SELECT max(snapshot_id) AS last FROM ducklake_snapshot");
      throw new Error(`Snapshot ${at.snapshot} does not exist in this lake ` +
        `(snapshots go up to ${last}; expired ones are gone): pick one from \`lake snapshots\`.`);
    }
  } else if (at.time !== undefined) {
    // Catalog times have microseconds and a JS Date only milliseconds, so `at` covers its
    // whole millisecond: the time of a listed snapshot finds that snapshot.
    rows = await q.all(`SELECT ${SNAPSHOT_COLUMNS} FROM ducklake_snapshot
      WHERE snapshot_time < CAST($1 AS TIMESTAMPTZ) + INTERVAL '1 millisecond'
      ORDER BY snapshot_id DESC LIMIT 1`,
      [at.time.toISOString()]);
    if (rows.length === 0) {
      throw new Error(`The lake has no snapshot at or before ${at.time.toISOString()}.`);
    }
  } else {
    rows = await q.all(`SELECT ${SNAPSHOT_COLUMNS} FROM ducklake_snapshot
      WHERE snapshot_id = (SELECT max(snapshot_id) FROM ducklake_snapshot)`);
    if (rows.length === 0) throw new Error("The catalog has no snapshot: it is not initialised.");
  }
  return snapshotFromRow(rows[0]);
}

export async function loadState(
  q: CatalogQuery,
  at: { snapshot?: number; time?: Date } = {},
): Promise<CatalogState> {
  const snapshot = await findSnapshot(q, at);
  const s = [snapshot.snapshotId];

  const schemaRows = await q.all(`SELECT schema_id, schema_name, path, path_is_relative
    FROM ducklake_schema WHERE ${VISIBLE} ORDER BY schema_id`, s);
  const schemas = new Map<string, SchemaRow>();
  const schemaById = new Map<number, SchemaRow>();
  for (const row of schemaRows) {
    const schema: SchemaRow = {
      schemaId: num(row.schema_id),
      name: String(row.schema_name),
      path: optionalText(row.path) ?? `${row.schema_name}/`,
      pathIsRelative: row.path_is_relative !== false,
    };
    schemas.set(schema.name, schema);
    schemaById.set(schema.schemaId, schema);
  }

  const columnRows = await q.all(`SELECT column_id, table_id, column_order, column_name,
    column_type, initial_default, parent_column, begin_snapshot
    FROM ducklake_column WHERE ${VISIBLE}
    ORDER BY table_id, column_order`, s);
  const statsRows = await q.all(`SELECT t.table_id, t.record_count, t.next_row_id,
    t.file_size_bytes FROM ducklake_table_stats t`);
  const columnStatsRows = await q.all(`SELECT table_id, column_id, contains_null, contains_nan,
    min_value, max_value FROM ducklake_table_column_stats`);
  const maxColumnIds = await q.all(`SELECT table_id, max(column_id) AS max_id
    FROM ducklake_column GROUP BY table_id`);
  const tableRows = await q.all(`SELECT table_id, schema_id, table_name, path, path_is_relative,
    begin_snapshot FROM ducklake_table WHERE ${VISIBLE} ORDER BY table_id`, s);

  const tables = new Map<string, TableRow>();
  for (const row of tableRows) {
    const schema = schemaById.get(num(row.schema_id));
    if (!schema) continue;
    const tableId = num(row.table_id);
    const stats = statsRows.find((r) => num(r.table_id) === tableId);
    tables.set(`${schema.name}.${row.table_name}`, {
      tableId,
      schemaId: schema.schemaId,
      schema: schema.name,
      name: String(row.table_name),
      path: optionalText(row.path) ?? `${row.table_name}/`,
      pathIsRelative: row.path_is_relative !== false,
      beginSnapshot: num(row.begin_snapshot),
      columns: columnRows.filter((r) => num(r.table_id) === tableId).map((r) => ({
        columnId: num(r.column_id),
        tableId,
        order: num(r.column_order),
        name: String(r.column_name),
        type: String(r.column_type),
        initialDefault: optionalText(r.initial_default),
        parentColumn: optionalNum(r.parent_column),
        beginSnapshot: num(r.begin_snapshot),
      })),
      maxColumnId: num(maxColumnIds.find((r) => num(r.table_id) === tableId)?.max_id ?? 0),
      recordCount: stats ? num(stats.record_count) : 0,
      nextRowId: stats ? num(stats.next_row_id) : 0,
      fileSizeBytes: stats ? num(stats.file_size_bytes) : 0,
      columnStats: columnStatsRows.filter((r) => num(r.table_id) === tableId).map((r) => ({
        columnId: num(r.column_id),
        containsNull: optionalBool(r.contains_null),
        containsNan: optionalBool(r.contains_nan),
        minValue: optionalText(r.min_value),
        maxValue: optionalText(r.max_value),
      })),
    });
  }
  return { snapshot, schemas, tables };
}

export interface DataFileRow {
  dataFileId: number;
  path: string;
  pathIsRelative: boolean;
  recordCount: number;
  fileSizeBytes: number;
  rowIdStart: number;
  beginSnapshot: number;
  /** Set for files registered with a name mapping instead of field ids. */
  mappingId: number | null;
  deleteFile: {
    path: string;
    pathIsRelative: boolean;
    partialMax: number | null;
    fileSizeBytes: number | null;
  } | null;
}

/** Loads the table's data files alive at the snapshot, each with its delete file if any. */
export async function loadDataFiles(
  q: CatalogQuery,
  tableId: number,
  snapshotId: number,
): Promise<DataFileRow[]> {
  const files = await q.all(`SELECT data_file_id, path, path_is_relative, record_count,
    file_size_bytes, row_id_start, begin_snapshot, mapping_id FROM ducklake_data_file
    WHERE table_id = $2 AND ${VISIBLE} ORDER BY file_order, data_file_id`, [snapshotId, tableId]);
  const deletes = await q.all(`SELECT data_file_id, path, path_is_relative, partial_max,
    file_size_bytes FROM ducklake_delete_file WHERE table_id = $2 AND ${VISIBLE}`,
    [snapshotId, tableId]);
  return files.map((row) => {
    const del = deletes.find((d) => num(d.data_file_id) === num(row.data_file_id));
    return {
      dataFileId: num(row.data_file_id),
      path: String(row.path),
      pathIsRelative: row.path_is_relative !== false,
      recordCount: num(row.record_count),
      fileSizeBytes: num(row.file_size_bytes),
      rowIdStart: num(row.row_id_start ?? 0),
      beginSnapshot: num(row.begin_snapshot),
      mappingId: optionalNum(row.mapping_id),
      deleteFile: del
        ? {
            path: String(del.path),
            pathIsRelative: del.path_is_relative !== false,
            partialMax: optionalNum(del.partial_max),
            fileSizeBytes: optionalNum(del.file_size_bytes),
          }
        : null,
    };
  });
}
