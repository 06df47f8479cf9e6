// Parses the BAAC files with DuckDB into temporary tables, one per bronze table, typed and
// checked. The asset then copies them into the lake in one commit.
import type { DuckDBConnection } from "@duckdb/node-api";
import { BAAC_KINDS, type BaacKind, type BaacSourceFile } from "../../sources/baac.ts";
import { BAAC_SCHEMAS } from "./baac-schema.ts";
import { caracteristiquesChecksSql } from "./caracteristiques-checks.ts";
import { BaacFormatError, inspectCsvFile, type CsvEncoding } from "./csv-file.ts";
import { queryRows, sqlIdentifier, sqlString } from "./sql.ts";
import { type RawFile, typingSql } from "./typing-sql.ts";

export type BronzeTable = BaacKind | "rejected_rows" | "source_files";

export interface BaacLoadResult {
  /** Temporary DuckDB table holding each bronze table's rows. */
  tables: Record<BronzeTable, string>;
  rows: Record<BronzeTable, number>;
}

/**
 * Turns a DuckDB CSV error into a BaacFormatError. DuckDB's message starts with "CSV Error on
 * Line: N", then the row, the cause and advice on reader options that do not apply here.
 */
function csvError(name: string, message: string): BaacFormatError {
  const line = Number(/Line:\s*(\d+)/.exec(message)?.[1] ?? 0);
  const cause = message
    .split("\n")
    .slice(1)
    .find((text) => text.trim() !== "" && !text.startsWith("Original Line"));
  if (line === 0 || !cause) {
    return new BaacFormatError(
      name,
      line,
      `DuckDB could not read the file: ${message.split("\n")[0]}`,
    );
  }
  return new BaacFormatError(
    name,
    line,
    `the row does not fit the header (${cause.trim()}). Fix the row or get the file again.`,
  );
}

/** Reads one file into a temporary table of VARCHAR fields and returns its description. */
async function loadRawFile(
  connection: DuckDBConnection,
  file: BaacSourceFile,
  table: string,
): Promise<RawFile & { encoding: CsvEncoding; rows: number }> {
  const layout = inspectCsvFile(file.path, file.name);
  const columns = layout.columns.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
  try {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${sqlIdentifier(table)} AS SELECT * FROM read_csv(` +
        `${sqlString(file.path)}, delim = ';', quote = '"', escape = '"', header = true, ` +
        `auto_detect = false, columns = {${columns}}, encoding = ${sqlString(layout.encoding)})`,
    );
  } catch (error) {
    throw csvError(file.name, (error as Error).message);
  }

  const [{ rows }] = await queryRows<{ rows: number }>(
    connection,
    `SELECT count(*) AS rows FROM ${sqlIdentifier(table)}`,
  );
  // A download cut after the header would otherwise replace a year's bronze rows with none.
  if (rows === 0) {
    throw new BaacFormatError(
      file.name,
      0,
      "the file has a header but no data rows. Get the file again; every BAAC table of a year " +
        "lists at least one accident.",
    );
  }
  return { table, name: file.name, year: file.year, ...layout, rows };
}

/**
 * Loads every file into temporary tables named `<prefix><table>` on `connection`, typed with one
 * schema across years. Raises BaacFormatError for structural problems; rejected values and rows
 * are listed in the `rejected_rows` table.
 */
export async function loadBaacTables(
  connection: DuckDBConnection,
  files: readonly BaacSourceFile[],
  prefix: string,
): Promise<BaacLoadResult> {
  const name = (table: BronzeTable) => `${prefix}${table}`;
  const tables = Object.fromEntries(
    [...BAAC_KINDS, "rejected_rows", "source_files"].map((table) => [
      table,
      name(table as BronzeTable),
    ]),
  ) as Record<BronzeTable, string>;

  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${sqlIdentifier(tables.rejected_rows)} (source_file VARCHAR, ` +
      `line BIGINT, field VARCHAR, value VARCHAR, reason VARCHAR)`,
  );
  const sourceRows: string[] = [];

  for (const kind of BAAC_KINDS) {
    const typedSelects: string[] = [];
    const ofKind = files.filter((file) => file.kind === kind);
    for (const [index, file] of ofKind.entries()) {
      const raw = await loadRawFile(connection, file, `${prefix}raw_${kind}_${index}`);
      const typing = typingSql(BAAC_SCHEMAS[kind], raw);
      const staging = sqlIdentifier(`${prefix}staging_${kind}_${index}`);
      await connection.run(`CREATE OR REPLACE TEMP TABLE ${staging} AS ${typing.staging}`);
      await connection.run(`DROP TABLE ${sqlIdentifier(raw.table)}`);
      typedSelects.push(typing.typed(staging));
      const rejected = sqlIdentifier(tables.rejected_rows);
      await connection.run(`INSERT INTO ${rejected} ${typing.rejects(staging)}`);
      sourceRows.push(
        `(${sqlString(file.name)}, ${file.year}, ${sqlString(kind)}, ${sqlString(file.sha256)}, ` +
          `${file.bytes}, ${raw.rows}, ${sqlString(raw.encoding)})`,
      );
    }
    if (typedSelects.length === 0) {
      throw new Error(`No ${kind} file among the BAAC files; every year needs all four tables.`);
    }

    const typedTable = kind === "caracteristiques" ? `${prefix}typed_${kind}` : tables[kind];
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${sqlIdentifier(typedTable)} AS ` +
        typedSelects.join("\nUNION ALL BY NAME\n"),
    );
    if (kind === "caracteristiques") {
      const checks = caracteristiquesChecksSql(sqlIdentifier(typedTable));
      await connection.run(
        `CREATE OR REPLACE TEMP TABLE ${sqlIdentifier(tables.caracteristiques)} AS ${checks.table}`,
      );
      await connection.run(`INSERT INTO ${sqlIdentifier(tables.rejected_rows)} ${checks.rejects}`);
      await connection.run(`DROP TABLE ${sqlIdentifier(typedTable)}`);
    }
    for (const index of ofKind.keys()) {
      const staging = sqlIdentifier(`${prefix}staging_${kind}_${index}`);
      await connection.run(`DROP TABLE IF EXISTS ${staging}`);
    }
  }

  await rejectOrphanRows(connection, tables);

  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${sqlIdentifier(tables.source_files)} AS SELECT source_file, ` +
      `CAST(year AS INTEGER) AS year, kind, sha256, CAST(bytes AS BIGINT) AS bytes, ` +
      `CAST(rows AS BIGINT) AS rows, encoding FROM (VALUES ${sourceRows.join(", ")}) ` +
      `AS t(source_file, year, kind, sha256, bytes, rows, encoding)`,
  );

  const rows = {} as Record<BronzeTable, number>;
  for (const [table, temp] of Object.entries(tables)) {
    const [count] = await queryRows<{ n: number }>(
      connection,
      `SELECT count(*) AS n FROM ${sqlIdentifier(temp)}`,
    );
    rows[table as BronzeTable] = count.n;
  }
  return { tables, rows };
}

/**
 * Moves the lieux, vehicules and usagers rows whose Num_Acc has no row in caracteristiques to
 * `rejected_rows`. Silver joins on Num_Acc, so such a row would never be read, and its line in
 * `rejected_rows` shows where the accident went missing.
 */
async function rejectOrphanRows(
  connection: DuckDBConnection,
  tables: Record<BronzeTable, string>,
): Promise<void> {
  const accidents = sqlIdentifier(tables.caracteristiques);
  const rejected = sqlIdentifier(tables.rejected_rows);
  for (const kind of BAAC_KINDS.filter((name) => name !== "caracteristiques")) {
    const table = sqlIdentifier(tables[kind]);
    const orphan = `num_acc NOT IN (SELECT num_acc FROM ${accidents} WHERE num_acc IS NOT NULL)`;
    await connection.run(
      `INSERT INTO ${rejected} SELECT source_file, line, 'num_acc', num_acc, ` +
        `'no accident with this id in caracteristiques; row dropped' FROM ${table} ` +
        `WHERE ${orphan}`,
    );
    await connection.run(`DELETE FROM ${table} WHERE ${orphan}`);
  }
}

/** Drops the temporary tables whose names start with `prefix`, after a load or a failure. */
export async function dropTempTables(connection: DuckDBConnection, prefix: string) {
  const temps = await queryRows<{ name: string }>(
    connection,
    `SELECT table_name AS name FROM duckdb_tables() WHERE temporary ` +
      `AND starts_with(table_name, ${sqlString(prefix)})`,
  );
  for (const { name } of temps) await connection.run(`DROP TABLE IF EXISTS ${sqlIdentifier(name)}`);
}
