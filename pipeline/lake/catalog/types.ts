// One interface over the two catalog databases. Every DuckLake query is written once, in SQL that
// DuckDB and Postgres both accept, with `$1`-style parameters.

export type SqlValue = string | number | boolean | null;
export type SqlRow = Record<string, SqlValue>;

export interface CatalogQuery {
  /** Returns rows as plain objects, BIGINT values as numbers (catalog ids stay below 2^53). */
  all(sql: string, params?: SqlValue[]): Promise<SqlRow[]>;
  run(sql: string, params?: SqlValue[]): Promise<void>;
  /** Names of the tables in the catalog schema (to find inlined-data tables). */
  tableNames(): Promise<Set<string>>;
}

export interface CatalogDb {
  /** `duckdb-file` or `postgres`, for messages. */
  readonly kind: "duckdb-file" | "postgres";
  /** Where the catalog lives, without any password, for messages. */
  readonly description: string;
  /** Runs `work` in one catalog transaction: commits when it returns, rolls back when it throws.
   *  A read transaction sees one consistent state of the catalog. */
  transaction<T>(mode: "read" | "write", work: (q: CatalogQuery) => Promise<T>): Promise<T>;
  /** True when the catalog holds no tables at all (in the target schema, for Postgres). A
   *  database with other tables is not empty, so it is never turned into a lake. */
  isEmpty(): Promise<boolean>;
  close(): Promise<void>;
}

/** Tells whether a catalog error is a primary-key or unique violation, in DuckDB's or Postgres's
 *  words: the sign that another process inserted the same row first. */
export function isUniqueViolation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /duplicate key|PRIMARY KEY or UNIQUE constraint|unique constraint/i.test(message);
}

/** Raised when another writer committed first; the commit is retried from the start. */
export class SnapshotConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotConflict";
  }
}
