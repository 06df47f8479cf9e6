// The public surface of the DuckLake client. Stages, assets and loaders use only these types, so
// they never know whether the catalog is a DuckDB file or Postgres, or the files on disk or S3.
import type { DuckDBConnection } from "@duckdb/node-api";

/** A table name qualified by its schema: `bronze.accidents_nc`. */
export type TableName = `${string}.${string}`;

/** Author and message of a commit, stored in `ducklake_snapshot_changes`. */
export interface CommitInfo {
  author?: string;
  message?: string;
}

export interface CommitResult {
  /** The snapshot the commit created, or the current one when it changed nothing. */
  snapshotId: number;
  /** Rows written by the commit, over all tables. */
  rowsWritten: number;
}

export interface SnapshotInfo {
  snapshotId: number;
  time: Date;
  schemaVersion: number;
  /** As the extension writes it: `created_table:"bronze"."accidents",inserted_into_table:2`. */
  changesMade: string;
  author: string | null;
  commitMessage: string | null;
}

export interface ColumnInfo {
  columnId: number;
  name: string;
  /** The DuckLake type name: `int32`, `varchar`, `timestamp`, `decimal(9,2)`… */
  type: string;
}

export interface TableInfo {
  table: TableName;
  tableId: number;
  columns: ColumnInfo[];
  rowCount: number;
  fileCount: number;
  fileSizeBytes: number;
  /** The snapshot that last changed the table's data or schema. */
  lastChangedSnapshot: number;
}

export interface ColumnStats {
  name: string;
  nullCount: number;
  minValue: string | null;
  maxValue: string | null;
}

/** Version of a table to read: the current snapshot unless a snapshot or time is given. */
export interface ReadOptions {
  snapshot?: number;
  at?: Date;
  /** Name of the DuckDB view to create; defaults to `<schema>_<table>`. */
  as?: string;
}

/** Changes staged for one commit. Each method writes its Parquet files at once; the catalog rows
 *  are written together when the commit ends, in one catalog transaction. */
export interface LakeTransaction {
  createSchema(schema: string): Promise<void>;
  /** Replaces the table (or creates it) with the rows of a DuckDB query. Returns rows written. */
  createOrReplace(table: TableName, query: string): Promise<number>;
  /** Appends the rows of a query; creates the table when it does not exist. */
  append(table: TableName, query: string): Promise<number>;
  drop(table: TableName): Promise<void>;
}

export interface GcOptions {
  olderThan?: Date;
  dryRun?: boolean;
  orphanAgeMs?: number;
}

export interface GcResult {
  expiredSnapshots: number[];
  /** Paths relative to the data path. */
  deletedFiles: string[];
  deletedBytes: number;
  dryRun: boolean;
}

export interface Lake {
  /** In-memory DuckDB connection for SQL on data; views made by `read` live here. */
  readonly connection: DuckDBConnection;

  /** Runs `work` and commits what it staged as one snapshot. Conflicting concurrent commits are
   *  retried a bounded number of times, then fail with a message naming the conflict. */
  commit(info: CommitInfo, work: (tx: LakeTransaction) => Promise<void>): Promise<CommitResult>;

  createSchema(schema: string, info?: CommitInfo): Promise<CommitResult>;
  createOrReplace(table: TableName, query: string, info?: CommitInfo): Promise<CommitResult>;
  append(table: TableName, query: string, info?: CommitInfo): Promise<CommitResult>;
  drop(table: TableName, info?: CommitInfo): Promise<CommitResult>;

  /** Creates a DuckDB view of the table at a snapshot and returns the view's name. */
  read(table: TableName, options?: ReadOptions): Promise<string>;
  /** Runs SQL on `connection` and returns rows as plain objects (BIGINT as number when safe). */
  query<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;

  currentSnapshot(): Promise<number>;
  snapshots(): Promise<SnapshotInfo[]>;
  tables(options?: { snapshot?: number }): Promise<TableInfo[]>;
  tableExists(table: TableName, options?: { snapshot?: number }): Promise<boolean>;
  columnStats(table: TableName): Promise<ColumnStats[]>;

  /** Expires snapshots older than the date (never the current one), then deletes files that no
   *  remaining snapshot references. Files no catalog row names (left by failed commits) are
   *  deleted once older than `orphanAgeMs` (default one hour: younger ones may belong to a commit
   *  in progress). */
  gc(options?: GcOptions): Promise<GcResult>;

  /** Holds a named lock stored in the catalog, so it also holds across Kubernetes pods. Waits up
   *  to `waitMs` (default 0), then raises with the holder's name and start time. */
  withLock<T>(name: string, holder: string, work: () => Promise<T>, waitMs?: number): Promise<T>;

  /** Writes a file (JSON artifact, model) under `<data path>/<relativePath>`, on disk or S3. */
  writeArtifact(relativePath: string, body: string | Uint8Array): Promise<void>;
  readArtifact(relativePath: string): Promise<Uint8Array>;

  close(): Promise<void>;
}
