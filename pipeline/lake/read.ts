// Reading a table at a snapshot as a DuckDB view: Parquet files matched to the catalog columns by
// field id (so renamed and added columns read right), minus deleted rows, plus inlined rows.
import { stat } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { CatalogDb } from "./catalog/types.ts";
import { loadInlinedDeletes, loadInlinedRows, type InlinedDeletes, type InlinedRows }
  from "./inlined.ts";
import { quoteIdent, quoteString } from "./parquet.ts";
import { loadDataFiles, loadState, type CatalogState, type ColumnRow, type DataFileRow,
  type TableRow } from "./state.ts";
import type { Storage } from "./storage/types.ts";
import { duckdbType } from "./types-map.ts";

export interface TableSnapshot {
  state: CatalogState;
  table: TableRow;
  files: DataFileRow[];
  inlined: InlinedRows[];
  inlinedDeletes: InlinedDeletes;
}

export function splitName(table: string): { schema: string; name: string } {
  const dot = table.indexOf(".");
  if (dot <= 0 || dot === table.length - 1) {
    throw new Error(`Table name ${JSON.stringify(table)} must be SCHEMA.TABLE, e.g. bronze.lieux.`);
  }
  return { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

/** Everything needed to read one table, from one catalog transaction. */
export async function loadTableSnapshot(
  catalog: CatalogDb,
  table: string,
  at: { snapshot?: number; time?: Date },
): Promise<TableSnapshot> {
  splitName(table);
  return catalog.transaction("read", async (q) => {
    const state = await loadState(q, at);
    // DuckDB resolves names without regard to case, so `Bronze.Lieux` reads bronze.lieux too.
    const found = state.tables.get(table) ?? [...state.tables.entries()]
      .find(([name]) => name.toLowerCase() === table.toLowerCase())?.[1];
    if (!found) {
      const known = [...state.tables.keys()].sort().join(", ") || "none";
      throw new Error(`Table ${table} does not exist at snapshot ${state.snapshot.snapshotId} ` +
        `(tables: ${known}).`);
    }
    const names = await q.tableNames();
    const snapshotId = state.snapshot.snapshotId;
    return {
      state,
      table: found,
      files: await loadDataFiles(q, found.tableId, snapshotId),
      inlined: await loadInlinedRows(q, found.tableId, snapshotId, names),
      inlinedDeletes: await loadInlinedDeletes(q, found.tableId, snapshotId, names),
    };
  });
}

export interface PathPart {
  path: string;
  pathIsRelative: boolean;
}

/** Path of a file relative to the data path: schema path / table path / file, each part counting
 *  only while the parts after it are relative. */
export function lakePath(schema: PathPart, table: PathPart, file: PathPart): string {
  if (!file.pathIsRelative) return file.path;
  if (!table.pathIsRelative) return `${table.path}${file.path}`;
  return `${schema.path}${table.path}${file.path}`;
}

export function relativeFilePath(state: CatalogState, table: TableRow, file: PathPart): string {
  const schema = [...state.schemas.values()].find((s) => s.schemaId === table.schemaId);
  return lakePath(schema ?? { path: `${table.schema}/`, pathIsRelative: true }, table, file);
}

async function localFile(storage: Storage, path: string): Promise<string> {
  if (path.startsWith(storage.root)) return storage.localPath(path.slice(storage.root.length));
  if (path.startsWith("/")) return path;
  if (/^[a-z0-9]+:\/\//i.test(path)) {
    throw new Error(`Data file ${path} lies outside the data path ${storage.root}: ` +
      `open the lake with DUCKLAKE_DATA_PATH set to the folder that holds it.`);
  }
  return storage.localPath(path);
}

/** Returns a local path of the file after checking it has the size the catalog records, so a
 *  missing or truncated file fails here, naming itself, rather than inside a later query. */
async function checkedFile(
  storage: Storage,
  path: string,
  expectedBytes: number | null,
  table: string,
): Promise<string> {
  const local = await localFile(storage, path);
  const found = await stat(local).then((s) => s.size, () => null);
  if (found === null) {
    throw new Error(`Table ${table}: file ${storage.root}${path} is missing. Restore it from a ` +
      `backup, or read an older snapshot; the catalog still refers to it.`);
  }
  if (expectedBytes !== null && found !== expectedBytes) {
    throw new Error(`Table ${table}: file ${storage.root}${path} has ${found} bytes but the ` +
      `catalog records ${expectedBytes}: it is truncated or was overwritten. Restore it from ` +
      `a backup.`);
  }
  return local;
}

function defaultLiteral(column: ColumnRow, type: string): string {
  return column.initialDefault === null || column.initialDefault === "NULL"
    ? "NULL"
    : `CAST(${quoteString(column.initialDefault)} AS ${type})`;
}

/** SQL selecting the table's rows at the snapshot, column by column as the catalog lists them. */
export async function tableSql(storage: Storage, snap: TableSnapshot): Promise<string> {
  const { table, state } = snap;
  const where = `Table ${table.schema}.${table.name}`;
  const columns = table.columns.filter((c) => c.parentColumn === null);
  const types = columns.map((c) => duckdbType(c.type, `${where}, column ${c.name},`));
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  const schemaMap = `map {${columns.map((c, i) =>
    `${c.columnId}: {name: ${quoteString(c.name)}, type: ${quoteString(types[i])}, ` +
    `default_value: ${defaultLiteral(c, types[i])}}`).join(", ")}}`;
  const snapshotId = state.snapshot.snapshotId;

  // A file written since the last column change has exactly the current column names, so it can
  // be read by name, which DuckDB does faster than through the field-id map.
  const schemaSince = Math.max(...columns.map((c) => c.beginSnapshot));
  const parts: string[] = [];
  const plain: string[] = [];
  const current: string[] = [];
  // Fetched together: on S3 each first read of a file is a download.
  const tableName = `${table.schema}.${table.name}`;
  const localPaths = await Promise.all(snap.files.map((file) =>
    checkedFile(storage, relativeFilePath(state, table, file), file.fileSizeBytes, tableName)));
  for (const [index, file] of snap.files.entries()) {
    const path = localPaths[index];
    const inlined = snap.inlinedDeletes.get(file.dataFileId) ?? [];
    if (!file.deleteFile && inlined.length === 0) {
      const byName = file.beginSnapshot >= schemaSince && file.mappingId === null;
      (byName ? current : plain).push(quoteString(path));
      continue;
    }
    const deleted: string[] = [];
    if (file.deleteFile) {
      const deletePath = await checkedFile(storage,
        relativeFilePath(state, table, file.deleteFile), file.deleteFile.fileSizeBytes, tableName);
      const partial = file.deleteFile.partialMax === null
        ? ""
        : ` WHERE _ducklake_internal_snapshot_id <= ${snapshotId}`;
      deleted.push(`SELECT pos FROM read_parquet(${quoteString(deletePath)})${partial}`);
    }
    if (inlined.length > 0) {
      // The extension stores the row's position in the file in the `row_id` column here.
      const positions = inlined.map((position) => `(${position})`).join(", ");
      deleted.push(`SELECT pos FROM (VALUES ${positions}) AS d(pos)`);
    }
    parts.push(`SELECT ${names} FROM read_parquet(${quoteString(path)}, schema = ${schemaMap}, ` +
      `file_row_number = true) WHERE file_row_number NOT IN (${deleted.join(" UNION ALL ")})`);
  }
  if (plain.length > 0) {
    parts.unshift(`SELECT ${names} FROM read_parquet([${plain.join(", ")}], ` +
      `schema = ${schemaMap})`);
  }
  if (current.length > 0) {
    const typed = columns.map((c, i) => `CAST(${quoteIdent(c.name)} AS ${types[i]}) AS ` +
      quoteIdent(c.name));
    parts.unshift(`SELECT ${typed.join(", ")} FROM read_parquet([${current.join(", ")}])`);
  }

  for (const block of snap.inlined) {
    const values = block.rows.map((row) => `(${row.map((v) =>
      v === null ? "NULL" : quoteString(v)).join(", ")})`).join(", ");
    const aliases = block.columnIds.map((_, i) => `v${i}`).join(", ");
    const select = columns.map((c, i) => {
      const at = block.columnIds.indexOf(c.columnId);
      const value = at < 0 ? defaultLiteral(c, types[i]) : `CAST(v${at} AS ${types[i]})`;
      return `${value} AS ${quoteIdent(c.name)}`;
    });
    parts.push(`SELECT ${select.join(", ")} FROM (VALUES ${values}) AS inlined(${aliases})`);
  }

  if (parts.length === 0) {
    const empty = columns.map((c, i) => `CAST(NULL AS ${types[i]}) AS ${quoteIdent(c.name)}`);
    return `SELECT ${empty.join(", ")} WHERE false`;
  }
  return parts.join("\nUNION ALL\n");
}

export async function createView(
  connection: DuckDBConnection,
  storage: Storage,
  snap: TableSnapshot,
  viewName: string,
): Promise<string> {
  const sql = await tableSql(storage, snap);
  await connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(viewName)} AS ${sql}`);
  return viewName;
}
