// Column type names: DuckDB's (what a query returns) and DuckLake's (what the catalog stores, as
// in the spec's data-type table: `int32`, `float64`, `timestamptz`, `decimal(9,2)`…).

const DUCKDB_TO_LAKE: Record<string, string> = {
  BOOLEAN: "boolean",
  TINYINT: "int8",
  SMALLINT: "int16",
  INTEGER: "int32",
  BIGINT: "int64",
  UTINYINT: "uint8",
  USMALLINT: "uint16",
  UINTEGER: "uint32",
  UBIGINT: "uint64",
  FLOAT: "float32",
  DOUBLE: "float64",
  DATE: "date",
  TIME: "time",
  "TIME WITH TIME ZONE": "timetz",
  TIMESTAMP: "timestamp",
  "TIMESTAMP WITH TIME ZONE": "timestamptz",
  TIMESTAMP_S: "timestamp_s",
  TIMESTAMP_MS: "timestamp_ms",
  TIMESTAMP_NS: "timestamp_ns",
  INTERVAL: "interval",
  VARCHAR: "varchar",
  BLOB: "blob",
  UUID: "uuid",
  JSON: "json",
};

/** 128-bit integers are written as decimal(38,0). DuckDB 1.5 writes a HUGEINT column to
 *  Parquet as DOUBLE, which loses digits beyond 2^53, while Parquet stores DECIMAL(38,0)
 *  exactly. Values of 39 digits raise a conversion error instead of being rounded. */
const WRITTEN_AS_DECIMAL = new Set(["HUGEINT", "UHUGEINT"]);

const LAKE_TO_DUCKDB: Record<string, string> = {
  ...Object.fromEntries(Object.entries(DUCKDB_TO_LAKE).map(([duck, lake]) => [lake, duck])),
  // Older lakes of this code and other writers may name them. NOTE: this code used to write
  // their Parquet values as DOUBLE, so digits beyond 2^53 are lost in those files.
  int128: "HUGEINT",
  uint128: "UHUGEINT",
};

/** `DECIMAL(9,2)` → `decimal(9,2)`; raises for nested and unknown types, naming the column. */
export function lakeType(duckdbType: string, column: string): string {
  const type = duckdbType.trim().toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  if (WRITTEN_AS_DECIMAL.has(type)) return "decimal(38,0)";

  const found = DUCKDB_TO_LAKE[type];
  if (!found) {
    // TODO(nested types): LIST/STRUCT/MAP need child rows in ducklake_column (parent_column).
    throw new Error(
      `Column ${JSON.stringify(column)} has type ${duckdbType}, which this lake cannot store: ` +
        `cast it to one of ${Object.keys(DUCKDB_TO_LAKE).join(", ")} or DECIMAL(p,s).`,
    );
  }
  return found;
}

/** `decimal(9,2)` → `DECIMAL(9,2)`; raises naming the table and column for unknown types. */
export function duckdbType(lakeTypeName: string, where: string): string {
  const type = lakeTypeName.trim().toLowerCase();
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;

  const found = LAKE_TO_DUCKDB[type];
  if (!found) {
    throw new Error(
      `${where} has DuckLake type ${JSON.stringify(lakeTypeName)}, which this reader does not ` +
        `know (known: ${Object.keys(LAKE_TO_DUCKDB).join(", ")}, decimal(p,s)).`,
    );
  }
  return found;
}

export function isFloating(lakeTypeName: string): boolean {
  return lakeTypeName === "float32" || lakeTypeName === "float64";
}

/** SQL that turns a value of the type into the catalog's min/max text, as the extension writes
 *  it: booleans as 0/1, blobs as hex, timestamps with zone in UTC. */
export function statText(expression: string, lakeTypeName: string): string {
  if (lakeTypeName === "boolean") return `CAST(CAST(${expression} AS INTEGER) AS VARCHAR)`;
  if (lakeTypeName === "blob") return `hex(${expression})`;
  return `CAST(${expression} AS VARCHAR)`;
}
