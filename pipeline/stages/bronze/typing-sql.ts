// SQL that types one raw BAAC file (every field VARCHAR) into the bronze schema. A value that does
// not fit its column becomes NULL and is listed in the rejects query with file, line and reason.
import { type BaacColumn, duckdbType } from "./baac-schema.ts";
import { BaacFormatError } from "./csv-file.ts";
import { sqlIdentifier, sqlString } from "./sql.ts";

export interface RawFile {
  /** Temporary DuckDB table holding the file's fields as VARCHAR, in file order. */
  table: string;
  /** File name recorded in `source_file`. */
  name: string;
  year: number;
  /** Header names as read from the file. */
  columns: readonly string[];
  /** Data row indices that follow a blank line, which DuckDB skipped. */
  blankLinesBefore?: readonly number[];
}

/**
 * Returns SQL for the line in the file of a raw row: rows keep file order after the header on
 * line 1, plus the blank lines skipped before them.
 * NOTE: a quoted field spanning lines makes later line numbers too small by the extra lines.
 */
function lineSql(file: RawFile): string {
  const blanks = file.blankLinesBefore ?? [];
  if (blanks.length === 0) return "(rowid + 2)";
  return `(rowid + 2 + len(list_filter([${blanks.join(", ")}], lambda b: b <= rowid)))`;
}

// Non-breaking (U+00A0) and narrow non-breaking (U+202F) spaces appear inside ids and codes.
function normalizeSpaces(expression: string): string {
  return `replace(replace(${expression}, chr(160), ' '), chr(8239), ' ')`;
}

/** Returns SQL for the field trimmed, NULL when empty. */
function cleanText(source: string, column: BaacColumn): string {
  const spaced = normalizeSpaces(sqlIdentifier(source));
  const trimmed = column.compact ? `replace(${spaced}, ' ', '')` : `trim(${spaced})`;
  return `NULLIF(${trimmed}, '')`;
}

/** Returns SQL for the field cleaned, NULL for "not recorded" codes. */
function cleanValue(source: string, column: BaacColumn): string {
  const text = cleanText(source, column);
  if (!column.unknown?.length) return text;
  const unknown = column.unknown.map(sqlString).join(", ");
  return `CASE WHEN ${text} IN (${unknown}) THEN NULL ELSE ${text} END`;
}

function castValue(clean: string, column: BaacColumn): string {
  switch (column.type) {
    case "integer":
      return `TRY_CAST(${clean} AS INTEGER)`;
    case "double":
      return `TRY_CAST(replace(${clean}, ',', '.') AS DOUBLE)`;
    default:
      return clean;
  }
}

/** Column names in the staging table: the cleaned text and the typed value. */
function stagingNames(column: BaacColumn): { clean: string; value: string } {
  return { clean: `clean_${column.name}`, value: `value_${column.name}` };
}

function rejectReason(column: BaacColumn, clean: string): string {
  const kind = column.type === "integer" ? "not an integer" : "not a number";
  if (!column.range) return sqlString(kind);
  const [low, high] = column.range;
  return (
    `CASE WHEN ${castValue(clean, column)} IS NULL THEN ${sqlString(kind)} ` +
    `ELSE ${sqlString(`outside ${low}..${high}`)} END`
  );
}

/** Matches header names case-insensitively, ignoring surrounding spaces. */
function findSource(column: BaacColumn, header: readonly string[]): string | undefined {
  const accepted = column.source.map((name) => name.toLowerCase());
  return header.find((name) => accepted.includes(name.trim().toLowerCase()));
}

function missingColumn(column: BaacColumn, file: RawFile): BaacFormatError {
  return new BaacFormatError(
    file.name,
    1,
    `missing column ${column.source.join(" or ")} (field ${column.name}); the header has ` +
      `${file.columns.join(", ")}. Check that this is a BAAC file of the right table.`,
  );
}

export interface TypingSql {
  /** One pass over the raw file: line, key validity, and each column cleaned and typed. */
  staging: string;
  /** Bronze columns, then `year`, `source_file`, `line`, from the staging table. */
  typed: (staging: string) => string;
  /** Rejected values and rows, from the staging table. */
  rejects: (staging: string) => string;
}

/**
 * Returns the SQL that types one raw file. Rows without a valid accident id are left out and
 * rejected once; other invalid values become NULL and are rejected one by one.
 */
export function typingSql(schema: readonly BaacColumn[], file: RawFile): TypingSql {
  const key = schema.find((column) => column.type === "key");
  const sources = new Map<BaacColumn, string | undefined>();
  for (const column of schema) {
    const source = findSource(column, file.columns);
    if (source === undefined && column.required) throw missingColumn(column, file);
    sources.set(column, source);
  }

  const cleanColumns: string[] = [];
  const valueColumns: string[] = [];
  for (const column of schema) {
    const names = stagingNames(column);
    const source = sources.get(column);
    if (source === undefined) {
      valueColumns.push(`CAST(NULL AS ${duckdbType(column)}) AS ${sqlIdentifier(names.value)}`);
      continue;
    }
    cleanColumns.push(
      `${cleanValue(source, column)} AS ${sqlIdentifier(names.clean)}`,
      `${sqlIdentifier(source)} AS ${sqlIdentifier(`raw_${column.name}`)}`,
    );
    let value = castValue(sqlIdentifier(names.clean), column);
    if (column.range && column.type !== "key") {
      const [low, high] = column.range;
      value = `CASE WHEN ${value} BETWEEN ${low} AND ${high} THEN ${value} END`;
    }
    valueColumns.push(`${value} AS ${sqlIdentifier(names.value)}`);
  }
  const keyClean = key && sources.get(key) ? sqlIdentifier(stagingNames(key).clean) : "NULL";
  const raw = sqlIdentifier(file.table);
  const cleaned = `SELECT ${lineSql(file)} AS line, ${cleanColumns.join(", ")} FROM ${raw}`;
  const staging =
    `SELECT *, ${valueColumns.join(",\n  ")},\n  ` +
    `coalesce(regexp_full_match(${keyClean}, '[0-9A-Za-z]{1,20}'), FALSE) AS key_valid\n` +
    `FROM (${cleaned})`;

  const typed = (table: string) => {
    const values = schema.map(
      (column) => `${sqlIdentifier(stagingNames(column).value)} AS ${sqlIdentifier(column.name)}`,
    );
    return (
      `SELECT ${values.join(", ")}, ${file.year} AS year, ` +
      `${sqlString(file.name)} AS source_file, ` +
      `line FROM ${table} WHERE key_valid`
    );
  };

  const rejects = (table: string) => {
    const prefix = `SELECT ${sqlString(file.name)} AS source_file, line, `;
    const selects = [];
    if (key && sources.get(key) !== undefined) {
      selects.push(
        `${prefix}${sqlString(key.name)} AS field, raw_${key.name} AS value, ` +
          `'missing or invalid accident id; row dropped' AS reason ` +
          `FROM ${table} WHERE NOT key_valid`,
      );
    }
    for (const column of schema) {
      if (column.type === "key" || column.type === "varchar") continue;
      if (sources.get(column) === undefined) continue;
      const names = stagingNames(column);
      const clean = sqlIdentifier(names.clean);
      selects.push(
        `${prefix}${sqlString(column.name)} AS field, ${sqlIdentifier(`raw_${column.name}`)} ` +
          `AS value, ${rejectReason(column, clean)} AS reason FROM ${table} ` +
          `WHERE key_valid AND ${clean} IS NOT NULL AND ${sqlIdentifier(names.value)} IS NULL`,
      );
    }
    if (selects.length === 0) {
      selects.push(
        `${prefix}NULL AS field, NULL AS value, NULL AS reason FROM ${table} WHERE FALSE`,
      );
    }
    return selects.join("\nUNION ALL\n");
  };
  return { staging, typed, rejects };
}
