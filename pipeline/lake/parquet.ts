// Writing a query's rows to one Parquet file whose columns carry field ids equal to the catalog
// column ids, and measuring the file as the catalog records it (sizes, footer, column stats).
import { open, stat } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { duckRows } from "./catalog/duckdb-file.ts";
import { isFloating, statText } from "./types-map.ts";

export interface QueryColumn {
  name: string;
  /** DuckDB's name of the type, e.g. `DECIMAL(9,2)`. */
  duckdbType: string;
}

export interface FileColumn {
  columnId: number;
  name: string;
  lakeType: string;
}

export interface ColumnFileStats {
  columnId: number;
  columnSizeBytes: number;
  valueCount: number;
  nullCount: number;
  minValue: string | null;
  maxValue: string | null;
  containsNan: boolean | null;
}

export interface FileFacts {
  recordCount: number;
  fileSizeBytes: number;
  footerSize: number;
  columns: ColumnFileStats[];
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const quoteString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Wraps the query in brackets, dropping a trailing semicolon that would end the outer SQL. */
export function subquery(query: string): string {
  return `(${query.trim().replace(/;+\s*$/, "")})`;
}

export async function describeQuery(
  connection: DuckDBConnection,
  query: string,
): Promise<QueryColumn[]> {
  const rows = await duckRows(connection, `DESCRIBE SELECT * FROM ${subquery(query)}`);
  return rows.map((row) => ({
    name: String(row.column_name),
    duckdbType: String(row.column_type),
  }));
}

export async function writeParquet(
  connection: DuckDBConnection,
  query: string,
  columns: FileColumn[],
  path: string,
): Promise<void> {
  const fieldIds = columns.map((c) => `${quoteString(c.name)}: ${c.columnId}`).join(", ");
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  await connection.run(
    `COPY (SELECT ${names} FROM ${subquery(query)}) TO ${quoteString(path)} ` +
      `(FORMAT parquet, FIELD_IDS {${fieldIds}})`,
  );
}

/** Parquet ends with the footer length (4 bytes, little-endian) and the magic `PAR1`. */
async function footerSize(path: string, size: number): Promise<number> {
  const handle = await open(path, "r");
  try {
    const tail = Buffer.alloc(8);
    await handle.read(tail, 0, 8, size - 8);
    if (tail.subarray(4).toString("latin1") !== "PAR1") {
      throw new Error(`${path} is not a Parquet file: it does not end with PAR1.`);
    }
    return tail.readUInt32LE(0);
  } finally {
    await handle.close();
  }
}

export async function measureParquet(
  connection: DuckDBConnection,
  path: string,
  columns: FileColumn[],
): Promise<FileFacts> {
  const { size } = await stat(path);
  const file = quoteString(path);
  const aggregates = columns.flatMap((c, i) => {
    const col = quoteIdent(c.name);
    const keep = isFloating(c.lakeType) ? ` FILTER (WHERE NOT isnan(${col}))` : "";
    return [
      `count(${col}) AS v${i}`,
      `${statText(`min(${col})${keep}`, c.lakeType)} AS lo${i}`,
      `${statText(`max(${col})${keep}`, c.lakeType)} AS hi${i}`,
      isFloating(c.lakeType)
        ? `coalesce(bool_or(isnan(${col})), false) AS nan${i}`
        : `NULL AS nan${i}`,
    ];
  });
  const [totals] = await duckRows(connection,
    `SELECT count(*) AS n${aggregates.length ? ", " + aggregates.join(", ") : ""} ` +
      `FROM read_parquet(${file})`);
  const sizes = await duckRows(connection,
    `SELECT path_in_schema AS name, sum(total_compressed_size) AS bytes ` +
      `FROM parquet_metadata(${file}) GROUP BY ALL`);
  const bytesByName = new Map(sizes.map((row) => [String(row.name), Number(row.bytes)]));

  const recordCount = Number(totals.n);
  return {
    recordCount,
    fileSizeBytes: size,
    footerSize: await footerSize(path, size),
    columns: columns.map((c, i) => ({
      columnId: c.columnId,
      columnSizeBytes: bytesByName.get(c.name) ?? 0,
      valueCount: Number(totals[`v${i}`]),
      nullCount: recordCount - Number(totals[`v${i}`]),
      minValue: totals[`lo${i}`] === null ? null : String(totals[`lo${i}`]),
      maxValue: totals[`hi${i}`] === null ? null : String(totals[`hi${i}`]),
      containsNan: totals[`nan${i}`] === null ? null : Boolean(totals[`nan${i}`]),
    })),
  };
}
