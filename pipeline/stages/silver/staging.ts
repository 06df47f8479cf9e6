// Moves rows computed in TypeScript into the lake's DuckDB connection as a temporary table, so a
// stage can write them with `tx.createOrReplace(table, "SELECT … FROM <temp table>")`.
import { type DuckDBAppender, type DuckDBConnection, DuckDBTimestampValue } from "@duckdb/node-api";
import type { ColumnType } from "./types.ts";

export type StagedValue = string | number | boolean | Date | null;

function appendValue(
  appender: DuckDBAppender,
  type: ColumnType,
  value: StagedValue,
  where: string,
): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case "VARCHAR":
      appender.appendVarchar(String(value));
      return;
    case "BOOLEAN":
      appender.appendBoolean(Boolean(value));
      return;
    case "DOUBLE":
      appender.appendDouble(Number(value));
      return;
    case "INTEGER":
    case "BIGINT": {
      const number = Number(value);
      if (!Number.isSafeInteger(number)) {
        throw new Error(`${where}: expected an integer for ${type}, got ${JSON.stringify(value)}.`);
      }
      if (type === "INTEGER") appender.appendInteger(number);
      else appender.appendBigInt(BigInt(number));
      return;
    }
    case "TIMESTAMP": {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw new Error(`${where}: expected a Date for TIMESTAMP, got ${JSON.stringify(value)}.`);
      }
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(value.getTime()) * 1000n));
      return;
    }
  }
}

/**
 * Creates (or replaces) the temporary table `name` with the given columns and appends the rows.
 * Dates are written as TIMESTAMP from their UTC fields, which hold local times here.
 */
export async function stageRows<Row extends object>(
  connection: DuckDBConnection,
  name: string,
  columns: ReadonlyArray<readonly [keyof Row & string, ColumnType]>,
  rows: readonly Row[],
): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`Staging table name ${JSON.stringify(name)} must be letters, digits and _.`);
  }
  const definition = columns.map(([column, type]) => `"${column}" ${type}`).join(", ");
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (${definition})`);

  const appender = await connection.createAppender(name, "main", "temp");
  try {
    rows.forEach((row, index) => {
      for (const [column, type] of columns) {
        const value = (row as Record<string, unknown>)[column] as StagedValue;
        appendValue(appender, type, value, `${name} row ${index + 1}, column ${column}`);
      }
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Drops a staging table made by `stageRows`. */
export async function dropStaged(connection: DuckDBConnection, name: string): Promise<void> {
  await connection.run(`DROP TABLE IF EXISTS temp.main.${name}`);
}
