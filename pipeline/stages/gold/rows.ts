// Puts rows computed in JavaScript into a temporary DuckDB table on the lake's connection, so an
// asset can write them with `tx.createOrReplace(table, "SELECT … FROM <temp table>")`.
import type { DuckDBAppender } from "@duckdb/node-api";

import type { Lake } from "../../lake/types.ts";

export type ColumnType = "BIGINT" | "INTEGER" | "DOUBLE" | "VARCHAR" | "BOOLEAN" | "TIMESTAMP";

export interface Column {
  name: string;
  type: ColumnType;
}

export type Cell = number | string | boolean | Date | null;

export type CellRow = Record<string, Cell>;

function append(appender: DuckDBAppender, type: ColumnType, value: Cell, where: string): void {
  // NaN is "no value" in the trainer; the lake stores it as NULL.
  if (value === null || (typeof value === "number" && Number.isNaN(value))) {
    appender.appendNull();
    return;
  }

  if (type === "VARCHAR") appender.appendVarchar(String(value));
  else if (type === "BOOLEAN") appender.appendBoolean(Boolean(value));
  else if (type === "DOUBLE") appender.appendDouble(Number(value));
  else if (type === "INTEGER") appender.appendInteger(Number(value));
  else if (type === "BIGINT") appender.appendBigInt(BigInt(Number(value)));
  else if (value instanceof Date)
    appender.appendVarchar(value.toISOString().slice(0, 23).replace("T", " "));
  else
    throw new Error(
      `${where}: expected a Date for a TIMESTAMP column, got ${JSON.stringify(value)}.`,
    );
}

/** Creates (or replaces) TEMP table `staged_<label>` with the columns and rows, and returns its
 *  name. The prefix keeps it apart from the views that `lake.read` creates (`gold_train`…). */
export async function stageRows(
  lake: Lake,
  label: string,
  columns: Column[],
  rows: readonly CellRow[],
): Promise<string> {
  const name = `staged_${label}`;
  // TIMESTAMP values go in as text and are cast by the final SELECT below.
  const definitions = columns.map(
    (c) => `"${c.name}" ${c.type === "TIMESTAMP" ? "VARCHAR" : c.type}`,
  );
  await lake.connection.run(
    `CREATE OR REPLACE TEMP TABLE "${name}_raw" (${definitions.join(", ")})`,
  );

  const appender = await lake.connection.createAppender(`${name}_raw`, "main", "temp");
  rows.forEach((row, i) => {
    for (const column of columns) {
      const value = row[column.name];
      if (value === undefined)
        throw new Error(`stageRows ${name}: row ${i} has no "${column.name}".`);
      append(appender, column.type, value, `stageRows ${name}, row ${i}, column ${column.name}`);
    }
    appender.endRow();
  });
  appender.flushSync();
  appender.closeSync();

  const select = columns.map((c) =>
    c.type === "TIMESTAMP" ? `CAST("${c.name}" AS TIMESTAMP) AS "${c.name}"` : `"${c.name}"`,
  );
  await lake.connection.run(
    `CREATE OR REPLACE TEMP TABLE "${name}" AS SELECT ${select.join(", ")} FROM "${name}_raw"`,
  );
  await lake.connection.run(`DROP TABLE "${name}_raw"`);
  return name;
}
