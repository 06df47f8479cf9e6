// Staging one commit: Parquet files are written at once, catalog rows are collected and written
// in one catalog transaction by `writeCommit` (catalog-rows.ts).
import { randomUUID } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { LakeTransaction, TableName } from "./types.ts";
import { describeQuery, measureParquet, quoteIdent, subquery, writeParquet,
  type FileColumn, type FileFacts } from "./parquet.ts";
import { splitName } from "./read.ts";
import type { CatalogState, ColumnRow, SchemaRow, TableRow } from "./state.ts";
import type { Storage } from "./storage/types.ts";
import { duckdbType, lakeType } from "./types-map.ts";

export interface NewDataFile {
  relativePath: string;
  /** File name as stored in the catalog, relative to the table's path. */
  name: string;
  facts: FileFacts;
  rowIdStart: number;
}

export interface StagedTable {
  row: TableRow;
  isNew: boolean;
  uuid: string;
  files: NewDataFile[];
}

export type Change =
  | { kind: "created_schema"; schema: SchemaRow; uuid: string }
  | { kind: "created_table"; table: StagedTable }
  | { kind: "dropped_table"; tableId: number }
  | { kind: "altered_table"; table: StagedTable; newColumns: ColumnRow[] }
  | { kind: "inserted_into_table"; tableId: number };

export class StagedCommit implements LakeTransaction {
  readonly changes: Change[] = [];
  /** Every file written, to delete them when the commit fails. */
  readonly writtenFiles: string[] = [];
  readonly schemas: Map<string, SchemaRow>;
  readonly tables: Map<string, StagedTable>;
  readonly touched = new Map<number, StagedTable>();
  nextCatalogId: number;
  rowsWritten = 0;

  constructor(
    readonly base: CatalogState,
    private readonly connection: DuckDBConnection,
    private readonly storage: Storage,
  ) {
    this.schemas = new Map(base.schemas);
    this.tables = new Map([...base.tables].map(([key, row]) =>
      [key, { row, isNew: false, uuid: "", files: [] }]));
    this.nextCatalogId = base.snapshot.nextCatalogId;
  }

  get changesSchema(): boolean {
    return this.changes.some((c) => c.kind !== "inserted_into_table");
  }

  async createSchema(schema: string): Promise<void> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
      throw new Error(`Schema name ${JSON.stringify(schema)} must be letters, digits and _.`);
    }
    rejectOtherCase("Schema", schema, this.schemas.keys());
    if (this.schemas.has(schema)) return;
    const row: SchemaRow = {
      schemaId: this.nextCatalogId++,
      name: schema,
      path: `${schema}/`,
      pathIsRelative: true,
    };
    this.schemas.set(schema, row);
    this.changes.push({ kind: "created_schema", schema: row, uuid: randomUUID() });
  }

  async createOrReplace(table: TableName, query: string): Promise<number> {
    const { schema, name } = splitName(table);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`Table name ${JSON.stringify(name)} must be letters, digits and _.`);
    }
    rejectOtherCase("Schema", schema, this.schemas.keys());
    rejectOtherCase("Table", table, this.tables.keys());
    const described = await describeQuery(this.connection, query);
    const columns: FileColumn[] = described.map((c, i) => ({
      columnId: i + 1,
      name: c.name,
      lakeType: lakeType(c.duckdbType, `${table}.${c.name}`),
    }));
    await this.createSchema(schema);
    await this.drop(table);

    const staged: StagedTable = {
      isNew: true,
      uuid: randomUUID(),
      files: [],
      row: {
        tableId: this.nextCatalogId++,
        schemaId: this.schemas.get(schema)!.schemaId,
        schema,
        name,
        path: `${name}/`,
        pathIsRelative: true,
        beginSnapshot: this.base.snapshot.snapshotId + 1,
        columns: columns.map((c) => ({
          columnId: c.columnId,
          tableId: 0,
          order: c.columnId,
          name: c.name,
          type: c.lakeType,
          initialDefault: null,
          parentColumn: null,
          beginSnapshot: this.base.snapshot.snapshotId + 1,
        })),
        maxColumnId: columns.length,
        recordCount: 0,
        nextRowId: 0,
        fileSizeBytes: 0,
        columnStats: [],
      },
    };
    staged.row.columns.forEach((c) => (c.tableId = staged.row.tableId));
    this.tables.set(table, staged);
    this.changes.push({ kind: "created_table", table: staged });
    return this.writeRows(staged, castToColumns(query, table, columns), columns);
  }

  async append(table: TableName, query: string): Promise<number> {
    rejectOtherCase("Table", table, this.tables.keys());
    const staged = this.tables.get(table);
    if (!staged) return this.createOrReplace(table, query);

    const described = await describeQuery(this.connection, query);
    const given = new Set(described.map((c) => c.name));
    const expected = new Set(staged.row.columns.filter((c) => c.parentColumn === null)
      .map((c) => c.name));
    const missing = [...expected].filter((n) => !given.has(n));
    if (missing.length > 0) {
      throw new Error(`Cannot append to ${table}: the query lacks the table's column(s) ` +
        `${missing.join(", ")}. Select every column of the table (NULL AS name for none), or ` +
        `use createOrReplace.`);
    }
    const extra = described.filter((c) => !expected.has(c.name));
    if (extra.length > 0) this.addColumns(staged, extra.map((c) => ({ name: c.name,
      lakeType: lakeType(c.duckdbType, `${table}.${c.name}`) })));

    // Cast to the table's types, so the new file reads like the old ones.
    const columns = staged.row.columns.filter((c) => c.parentColumn === null);
    const fileColumns = columns.map((c) => ({ columnId: c.columnId, name: c.name,
      lakeType: c.type }));
    return this.writeRows(staged, castToColumns(query, table, fileColumns), fileColumns);
  }

  /** Adds columns to a table, as ALTER TABLE ADD COLUMN would: new column ids, NULL in the rows
   *  written before. */
  private addColumns(staged: StagedTable, added: { name: string; lakeType: string }[]) {
    const row = staged.row;
    const newColumns = added.map((column, i) => ({
      columnId: row.maxColumnId + 1 + i,
      tableId: row.tableId,
      order: Math.max(0, ...row.columns.map((c) => c.order)) + 1 + i,
      name: column.name,
      type: column.lakeType,
      initialDefault: null,
      parentColumn: null,
      beginSnapshot: this.base.snapshot.snapshotId + 1,
    }));
    row.columns.push(...newColumns);
    row.maxColumnId += newColumns.length;
    // A table created in this commit gets the columns with its creation.
    if (!staged.isNew) this.changes.push({ kind: "altered_table", table: staged, newColumns });
  }

  async drop(table: TableName): Promise<void> {
    rejectOtherCase("Table", table, this.tables.keys());
    const staged = this.tables.get(table);
    if (!staged) return;
    this.tables.delete(table);
    this.touched.delete(staged.row.tableId);
    if (staged.isNew) {
      // Created earlier in this same commit: forget it, as if it had never been.
      const index = this.changes.findIndex((c) =>
        c.kind === "created_table" && c.table.row.tableId === staged.row.tableId);
      if (index >= 0) this.changes.splice(index, 1);
      for (let i = this.changes.length - 1; i >= 0; i--) {
        const change = this.changes[i];
        if (change.kind === "inserted_into_table" && change.tableId === staged.row.tableId) {
          this.changes.splice(i, 1);
        }
      }
      return;
    }
    // Columns added earlier in this commit end with the table: no need to record them.
    const tableId = staged.row.tableId;
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const change = this.changes[i];
      if (change.kind === "altered_table" && change.table.row.tableId === tableId) {
        this.changes.splice(i, 1);
      }
    }
    this.changes.push({ kind: "dropped_table", tableId });
  }

  private async writeRows(staged: StagedTable, query: string, columns: FileColumn[]) {
    const name = `ducklake-${randomUUID()}.parquet`;
    const relativePath = `${staged.row.schema}/${staged.row.name}/${name}`;
    const local = await this.storage.stagingPath(relativePath);
    this.writtenFiles.push(relativePath);
    await writeParquet(this.connection, query, columns, local);
    const facts = await measureParquet(this.connection, local, columns);
    if (facts.recordCount === 0) {
      await this.storage.delete(relativePath);
      return 0;
    }
    await this.storage.publish(relativePath);

    staged.files.push({ relativePath, name, facts, rowIdStart: staged.row.nextRowId });
    staged.row.nextRowId += facts.recordCount;
    this.touched.set(staged.row.tableId, staged);
    const already = this.changes.some((c) =>
      c.kind === "inserted_into_table" && c.tableId === staged.row.tableId);
    if (!already) this.changes.push({ kind: "inserted_into_table", tableId: staged.row.tableId });
    this.rowsWritten += facts.recordCount;
    return facts.recordCount;
  }
}

/** `created_table:"bronze"."accidents",inserted_into_table:2`, as the extension writes it. */
export function changesMade(changes: Change[]): string {
  return changes.map((c) => {
    switch (c.kind) {
      case "created_schema": return `created_schema:${JSON.stringify(c.schema.name)}`;
      case "created_table":
        return `created_table:${JSON.stringify(c.table.row.schema)}.` +
          `${JSON.stringify(c.table.row.name)}`;
      case "dropped_table": return `dropped_table:${c.tableId}`;
      case "altered_table": return `altered_table:${c.table.row.tableId}`;
      case "inserted_into_table": return `inserted_into_table:${c.tableId}`;
    }
  }).join(",");
}

/** Wraps `query` so that every column has its catalog type, such as DECIMAL(38,0) for a HUGEINT
 *  (see lakeType). A value that does not fit raises DuckDB's conversion error. */
function castToColumns(query: string, table: TableName, columns: FileColumn[]): string {
  const select = columns.map((c) => {
    const type = duckdbType(c.lakeType, `${table}.${c.name}`);
    return `CAST(${quoteIdent(c.name)} AS ${type}) AS ${quoteIdent(c.name)}`;
  });
  return `SELECT ${select.join(", ")} FROM ${subquery(query)}`;
}

/**
 * Raises when `name` equals an existing name except for letter case. DuckDB, and so the
 * extension, resolves names without regard to case, so `s.T` beside `s.t` would make the lake
 * ambiguous there.
 */
function rejectOtherCase(kind: "Schema" | "Table", name: string, existing: Iterable<string>) {
  const lower = name.toLowerCase();
  for (const other of existing) {
    if (other !== name && other.toLowerCase() === lower) {
      throw new Error(`${kind} ${name} differs only in letter case from the existing ${other}, ` +
        `which DuckDB treats as the same name. Use ${other}.`);
    }
  }
}
