// The embedded catalog: a DuckDB database file with the DuckLake tables, the same file that
// `ATTACH 'ducklake:<file>'` opens. Readers attach it read-only for one transaction. Writers never
// write it in place: they copy it, commit on the copy and rename the copy over it (see
// `writeCopy`), one writer at a time across processes.
import { randomUUID } from "node:crypto";
import { constants, existsSync, realpathSync } from "node:fs";
import { copyFile, link, mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import type { CatalogDb, CatalogQuery, SqlRow, SqlValue } from "./types.ts";

const ALIAS = "lake_catalog";
const SOURCE_ALIAS = "lake_catalog_source";
const WRITER_LOCK_ALIAS = "lake_catalog_writer_lock";
/** Names a writer's copy: `<catalog>.writing-<uuid>`. */
const COPY_INFIX = ".writing-";
/** Long enough to outlast any one commit of another process. */
const LOCK_WAIT_MS = 120_000;

export function toSqlValue(value: DuckDBValue): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`Catalog value ${value} exceeds 2^53.`);
    return n;
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
    return value;
  }
  return String(value);
}

/** DuckDB binds JS numbers as DOUBLE; ids must bind as BIGINT to compare and insert exactly. */
function toDuckValue(value: SqlValue): DuckDBValue {
  return typeof value === "number" && Number.isInteger(value) ? BigInt(value) : value;
}

export async function duckRows(
  connection: DuckDBConnection,
  sql: string,
  params: SqlValue[] = [],
): Promise<SqlRow[]> {
  const reader = await connection.runAndReadAll(sql, params.map(toDuckValue));
  return reader.getRowObjects().map((row) => {
    const out: SqlRow = {};
    for (const [key, value] of Object.entries(row)) out[key] = toSqlValue(value);
    return out;
  });
}

function isLockError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Could not set lock|Conflicting lock|database is locked/i.test(message);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Flushes a file, or a folder's entries, to disk, so a power cut keeps what a rename made. */
async function syncToDisk(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The last transaction queued on each catalog file in this process. File locks are held per
 *  process, so two lakes of one process could otherwise both take the writer lock. */
const queues = new Map<string, Promise<unknown>>();

// NOTE(DuckDB 1.5.6): a checkpoint rewrites metadata blocks in place, including blocks the
// previous (still active) header points to. A writer killed inside that 256 KiB write leaves a
// block with a wrong checksum, and the file no longer opens ("Corrupt database file: computed
// checksum … does not match"): the last committed snapshot is lost. Replaying the syscalls of one
// commit onto a copy, cut one page into that write, reproduces it every time. A rename is atomic,
// so committing on a copy keeps the catalog file whole whenever the writer dies.
export class DuckDbFileCatalog implements CatalogDb {
  readonly kind = "duckdb-file";
  readonly description: string;
  private readonly path: string;
  /** A small DuckDB file that only writers attach, read-write. DuckDB's lock on it makes writers
   *  take turns, and the operating system releases the lock when a writer dies. */
  private readonly writerLock: string;
  private connection?: DuckDBConnection;
  private instance?: DuckDBInstance;

  constructor(path: string) {
    // The copy is renamed over the real file, so a symbolic link to the catalog stays a link.
    this.path = existsSync(path) ? realpathSync(path) : resolve(path);
    this.writerLock = `${this.path}.writer-lock`;
    this.description = `DuckDB catalog file ${path}`;
  }

  private async connect(): Promise<DuckDBConnection> {
    if (!this.connection) {
      this.instance = await DuckDBInstance.create(":memory:");
      this.connection = await this.instance.connect();
    }
    return this.connection;
  }

  transaction<T>(mode: "read" | "write", work: (q: CatalogQuery) => Promise<T>): Promise<T> {
    const previous = queues.get(this.path) ?? Promise.resolve();
    const next = previous.then(() => mode === "read" ? this.read(work) : this.write(work));
    queues.set(this.path, next.catch(() => undefined));
    return next;
  }

  private async read<T>(work: (q: CatalogQuery) => Promise<T>): Promise<T> {
    if (!existsSync(this.path)) {
      throw new Error(`${this.description} does not exist: initialise the lake first.`);
    }
    const connection = await this.connect();
    await this.attach(connection, this.path, ALIAS, "READ_ONLY");
    try {
      return await this.inTransaction(connection, work);
    } finally {
      await this.detach(connection, ALIAS);
    }
  }

  private async write<T>(work: (q: CatalogQuery) => Promise<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true }).catch((error: Error) => {
      throw new Error(`Cannot create ${this.description}: ${error.message}. Point ` +
        `DUCKLAKE_DATABASE_URL at a file in a writable folder.`);
    });
    const connection = await this.connect();
    await this.createWriterLock(connection);
    await this.attach(connection, this.writerLock, WRITER_LOCK_ALIAS, "");
    try {
      await this.removeUnfinishedCopies();
      if (!existsSync(this.path)) return await this.writeCopy(connection, work);
      if (existsSync(`${this.path}.wal`)) await this.checkpointInPlace(connection);
      // Held while the copy is made and renamed: a process that writes the file in place (the
      // DuckDB CLI, the ducklake extension) waits for it, and we wait for such a process.
      await this.attach(connection, this.path, SOURCE_ALIAS, "READ_ONLY");
      try {
        return await this.writeCopy(connection, work);
      } finally {
        await connection.run(`DETACH ${SOURCE_ALIAS}`);
      }
    } finally {
      await connection.run(`DETACH ${WRITER_LOCK_ALIAS}`);
    }
  }

  /** Runs `work` on a copy of the catalog and, once the copy is committed and checkpointed,
   *  renames it over the catalog. A writer dying before the rename leaves the catalog as it was. */
  private async writeCopy<T>(
    connection: DuckDBConnection,
    work: (q: CatalogQuery) => Promise<T>,
  ): Promise<T> {
    const copy = `${this.path}${COPY_INFIX}${randomUUID()}`;
    try {
      if (existsSync(this.path)) await copyFile(this.path, copy, constants.COPYFILE_FICLONE);
      await this.attach(connection, copy, ALIAS, "");
      let result: T;
      try {
        result = await this.inTransaction(connection, work);
      } catch (error) {
        await this.detach(connection, ALIAS).catch(() => undefined);
        throw error;
      }
      // DETACH checkpoints the commit into the copy and removes the copy's WAL.
      await this.detach(connection, ALIAS);
      await syncToDisk(copy, "r+");
      await rename(copy, this.path);
      await syncToDisk(dirname(this.path), "r");
      return result;
    } finally {
      await rm(copy, { force: true });
      await rm(`${copy}.wal`, { force: true });
    }
  }

  private async inTransaction<T>(
    connection: DuckDBConnection,
    work: (q: CatalogQuery) => Promise<T>,
  ): Promise<T> {
    await connection.run("BEGIN TRANSACTION");
    const q: CatalogQuery = {
      all: (sql, params) => duckRows(connection, sql, params),
      run: async (sql, params) => {
        await connection.run(sql, (params ?? []).map(toDuckValue));
      },
      tableNames: async () => {
        const rows = await duckRows(connection,
          "SELECT table_name FROM duckdb_tables() WHERE database_name = $1", [ALIAS]);
        return new Set(rows.map((row) => String(row.table_name)));
      },
    };
    try {
      const result = await work(q);
      await connection.run("COMMIT");
      return result;
    } catch (error) {
      await connection.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  /** Folds a WAL left beside the catalog into the file. Such a WAL comes from a process that
   *  writes in place (older versions of this code, the extension, the CLI) and died. DuckDB folds
   *  it in place, so a kill during this one checkpoint can still damage the file (NOTE above). */
  private async checkpointInPlace(connection: DuckDBConnection): Promise<void> {
    await this.attach(connection, this.path, SOURCE_ALIAS, "");
    try {
      await connection.run(`CHECKPOINT ${SOURCE_ALIAS}`);
    } finally {
      await connection.run(`DETACH ${SOURCE_ALIAS}`);
    }
  }

  /** Creates the writer-lock file whole (a new DuckDB file, then a hard link), so no process
   *  ever opens a half-written one. */
  private async createWriterLock(connection: DuckDBConnection): Promise<void> {
    if (existsSync(this.writerLock)) return;
    const fresh = `${this.writerLock}.new-${randomUUID()}`;
    try {
      await connection.run(`ATTACH ${sqlText(fresh)} AS ${WRITER_LOCK_ALIAS}`);
      await connection.run(`DETACH ${WRITER_LOCK_ALIAS}`);
      await link(fresh, this.writerLock).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(fresh, { force: true });
    }
  }

  /** Deletes copies left by writers that died before their rename. Called with the writer lock
   *  held, so no living writer owns one. */
  private async removeUnfinishedCopies(): Promise<void> {
    const prefix = `${basename(this.path)}${COPY_INFIX}`;
    const folder = dirname(this.path);
    for (const name of await readdir(folder)) {
      if (name.startsWith(prefix)) await rm(join(folder, name), { force: true });
    }
  }

  private async detach(connection: DuckDBConnection, alias: string): Promise<void> {
    await connection.run("USE memory");
    await connection.run(`DETACH ${alias}`);
  }

  /** Attaches a file, waiting while another process holds a conflicting lock on it. */
  private async attach(connection: DuckDBConnection, file: string, alias: string, mode: string) {
    const options = mode ? ` (${mode})` : "";
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.run(`ATTACH ${sqlText(file)} AS ${alias}${options}`);
        if (alias === ALIAS) await connection.run(`USE ${ALIAS}`);
        return;
      } catch (error) {
        if (!isLockError(error) || Date.now() > deadline) {
          const why = error instanceof Error ? error.message : String(error);
          throw new Error(`Cannot open ${this.description}: ${why}`);
        }
        await sleep(Math.min(500, 5 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  async isEmpty(): Promise<boolean> {
    if (!existsSync(this.path)) return true;
    return this.transaction("read", async (q) => (await q.tableNames()).size === 0);
  }

  async close(): Promise<void> {
    await queues.get(this.path);
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }
}
