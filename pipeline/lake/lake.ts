// The Lake: commits, reads and listings over one catalog and one storage.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { SnapshotConflict, type CatalogDb } from "./catalog/types.ts";
import { tableTotals, writeCommit } from "./catalog-rows.ts";
import { StagedCommit } from "./commit.ts";
import { columnStats, listSnapshots, listTables } from "./info.ts";
import { withLock } from "./lock.ts";
import { createView, loadTableSnapshot, splitName } from "./read.ts";
import { findSnapshot, loadState } from "./state.ts";
import type { Storage } from "./storage/types.ts";
import type { ColumnStats, CommitInfo, CommitResult, GcOptions, GcResult, Lake, LakeTransaction,
  ReadOptions, SnapshotInfo, TableInfo, TableName } from "./types.ts";
import { collectGarbage } from "./gc.ts";

const MAX_ATTEMPTS = 8;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** BIGINT and HUGEINT come back as bigint; numbers are easier to use when they fit. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

export class DuckLake implements Lake {
  private constructor(
    readonly connection: DuckDBConnection,
    private readonly instance: DuckDBInstance,
    readonly catalog: CatalogDb,
    readonly storage: Storage,
  ) {}

  static async create(catalog: CatalogDb, storage: Storage): Promise<DuckLake> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    // Stats of TIMESTAMPTZ columns are written in UTC, as the extension does.
    await connection.run("SET TimeZone = 'UTC'");
    return new DuckLake(connection, instance, catalog, storage);
  }

  async commit(
    info: CommitInfo,
    work: (tx: LakeTransaction) => Promise<void>,
  ): Promise<CommitResult> {
    for (let attempt = 1; ; attempt++) {
      const base = await this.catalog.transaction("read", (q) => loadState(q));
      const staged = new StagedCommit(base, this.connection, this.storage);
      try {
        await work(staged);
        if (staged.changes.length === 0) {
          return { snapshotId: base.snapshot.snapshotId, rowsWritten: 0 };
        }
        const totals = await tableTotals(this.connection, staged);
        const snapshotId = await this.catalog.transaction("write",
          (q) => writeCommit(q, staged, totals, info));
        return { snapshotId, rowsWritten: staged.rowsWritten };
      } catch (error) {
        // The catalog never saw these files: remove them (GC would find them otherwise).
        await Promise.all(staged.writtenFiles.map((f) => this.storage.delete(f).catch(() => {})));
        if (!(error instanceof SnapshotConflict)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new Error(`Commit failed after ${attempt} attempts: ${error.message}. ` +
            `Another writer keeps committing to this lake; retry later or serialise writers ` +
            `with withLock.`);
        }
        await sleep(20 * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }

  createSchema(schema: string, info: CommitInfo = {}): Promise<CommitResult> {
    return this.commit(info, (tx) => tx.createSchema(schema));
  }

  createOrReplace(table: TableName, query: string, info: CommitInfo = {}) {
    return this.commit(info, async (tx) => void (await tx.createOrReplace(table, query)));
  }

  append(table: TableName, query: string, info: CommitInfo = {}): Promise<CommitResult> {
    return this.commit(info, async (tx) => void (await tx.append(table, query)));
  }

  drop(table: TableName, info: CommitInfo = {}): Promise<CommitResult> {
    return this.commit(info, (tx) => tx.drop(table));
  }

  async read(table: TableName, options: ReadOptions = {}): Promise<string> {
    const { schema, name } = splitName(table);
    const snap = await loadTableSnapshot(this.catalog, table,
      { snapshot: options.snapshot, time: options.at });
    return createView(this.connection, this.storage, snap, options.as ?? `${schema}_${name}`);
  }

  async query<Row = Record<string, unknown>>(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) out[key] = plain(value);
      return out as Row;
    });
  }

  async currentSnapshot(): Promise<number> {
    const snapshot = await this.catalog.transaction("read", (q) => findSnapshot(q));
    return snapshot.snapshotId;
  }

  snapshots(): Promise<SnapshotInfo[]> {
    return listSnapshots(this.catalog);
  }

  tables(options: { snapshot?: number } = {}): Promise<TableInfo[]> {
    return listTables(this.catalog, options.snapshot);
  }

  async tableExists(table: TableName, options: { snapshot?: number } = {}): Promise<boolean> {
    splitName(table);
    const state = await this.catalog.transaction("read",
      (q) => loadState(q, { snapshot: options.snapshot }));
    return state.tables.has(table);
  }

  columnStats(table: TableName): Promise<ColumnStats[]> {
    return columnStats(this.catalog, table);
  }

  gc(options: GcOptions = {}): Promise<GcResult> {
    return collectGarbage(this.catalog, this.storage, options);
  }

  withLock<T>(name: string, holder: string, work: () => Promise<T>, waitMs = 0): Promise<T> {
    return withLock(this.catalog, name, holder, work, waitMs);
  }

  writeArtifact(relativePath: string, body: string | Uint8Array): Promise<void> {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    return this.storage.write(relativePath, bytes);
  }

  readArtifact(relativePath: string): Promise<Uint8Array> {
    return this.storage.read(relativePath);
  }

  async close(): Promise<void> {
    await this.catalog.close();
    await this.storage.close();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
