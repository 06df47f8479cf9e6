// The embedded catalog: a DuckDB database file with the DuckLake tables, the same file that
// `ATTACH 'ducklake:<file>'` opens. A DuckDB file admits one read-write process and then locks
// every other process out. So the file is attached for one transaction only and detached at once,
// and other processes retry with backoff while it is open elsewhere.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import type { CatalogDb, CatalogQuery, SqlRow, SqlValue } from "./types.ts";

const ALIAS = "lake_catalog";
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

/** The last transaction queued on each catalog file in this process. File locks are held per
 *  process, so two lakes of one process could otherwise both attach a file read-write. */
const queues = new Map<string, Promise<unknown>>();

export class DuckDbFileCatalog implements CatalogDb {
  readonly kind = "duckdb-file";
  readonly description: string;
  private readonly path: string;
  private connection?: DuckDBConnection;
  private instance?: DuckDBInstance;

  constructor(path: string) {
    this.path = resolve(path);
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
    const next = previous.then(() => this.attached(mode, work));
    queues.set(this.path, next.catch(() => undefined));
    return next;
  }

  private async attached<T>(mode: "read" | "write", work: (q: CatalogQuery) => Promise<T>) {
    if (mode === "read" && !existsSync(this.path)) {
      throw new Error(`${this.description} does not exist: initialise the lake first.`);
    }
    if (mode === "write") {
      await mkdir(dirname(this.path), { recursive: true }).catch((error: Error) => {
        throw new Error(`Cannot create ${this.description}: ${error.message}. Point ` +
          `DUCKLAKE_DATABASE_URL at a file in a writable folder.`);
      });
    }
    const connection = await this.connect();
    await this.attach(connection, mode);
    try {
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
    } finally {
      await connection.run("USE memory");
      await connection.run(`DETACH ${ALIAS}`);
    }
  }

  /** Attaches the file, waiting while another process has it open. */
  private async attach(connection: DuckDBConnection, mode: "read" | "write") {
    const options = mode === "read" ? " (READ_ONLY)" : "";
    const literal = this.path.replaceAll("'", "''");
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.run(`ATTACH '${literal}' AS ${ALIAS}${options}`);
        await connection.run(`USE ${ALIAS}`);
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
