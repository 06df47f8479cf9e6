// Small helpers to write DuckDB SQL safely from TypeScript values.
import type { DuckDBConnection } from "@duckdb/node-api";

/** Quotes a string as a SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes an identifier (column or table name). */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs a query and returns its rows as plain objects, BIGINT as number when it fits. */
export async function queryRows<Row = Record<string, unknown>>(
  connection: DuckDBConnection,
  sql: string,
): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const plain: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      plain[key] =
        typeof value === "bigint" && Number.isSafeInteger(Number(value)) ? Number(value) : value;
    }
    return plain as Row;
  });
}
