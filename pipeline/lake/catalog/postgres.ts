// The catalog in Postgres, as the extension's `ducklake:postgres:…` keeps it: the DuckLake tables
// in the connection's current schema. Reads run in REPEATABLE READ, so all statements of one read
// use the same database snapshot. Commits rely on the primary key of ducklake_snapshot to let only
// one of two concurrent writers through.
import pg from "pg";
import type { CatalogDb, CatalogQuery, SqlRow, SqlValue } from "./types.ts";

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Catalog ids and counts as numbers: they stay far below 2^53. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Splits libpq keywords (`dbname=lake host=db user='a b'`) into pairs. */
export function parseKeywords(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  const pattern = /(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g;
  const rest = text.replace(pattern, (_, key: string, raw: string) => {
    pairs[key] = raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    return "";
  });
  if (rest.trim() !== "") {
    throw new Error(`Invalid DUCKLAKE_DATABASE_URL: cannot read ${JSON.stringify(rest.trim())} ` +
      `as libpq keywords; write postgres:dbname=NAME host=HOST user=USER or a postgres:// URL.`);
  }
  return pairs;
}

/** Connection settings from a `postgres://` URL or `postgres:` + libpq keywords. */
export function connectionConfig(catalog: string, password?: string): pg.ClientConfig {
  if (/^postgres(ql)?:\/\//i.test(catalog)) {
    const url = new URL(catalog);
    if (!url.password && password) url.password = encodeURIComponent(password);
    return { connectionString: url.toString() };
  }
  const keywords = parseKeywords(catalog.replace(/^postgres(ql)?:/i, ""));
  const known = new Set(["dbname", "host", "hostaddr", "port", "user", "password", "sslmode",
    "connect_timeout", "application_name"]);
  const unknown = Object.keys(keywords).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new Error(`Invalid DUCKLAKE_DATABASE_URL: unknown keyword ${unknown.join(", ")}; ` +
      `known: ${[...known].join(", ")}.`);
  }
  const ssl = keywords.sslmode && !["disable", "allow", "prefer"].includes(keywords.sslmode);
  return {
    host: keywords.hostaddr ?? keywords.host,
    port: keywords.port ? Number(keywords.port) : undefined,
    database: keywords.dbname,
    user: keywords.user,
    password: keywords.password ?? password,
    ssl: ssl ? { rejectUnauthorized: keywords.sslmode.startsWith("verify") } : undefined,
    connectionTimeoutMillis: keywords.connect_timeout
      ? Number(keywords.connect_timeout) * 1000 : undefined,
    application_name: keywords.application_name,
  };
}

function describe(config: pg.ClientConfig): string {
  if (config.connectionString) {
    const url = new URL(config.connectionString);
    url.password = "";
    return `Postgres catalog ${url.host}${url.pathname}`;
  }
  return `Postgres catalog ${config.host ?? "localhost"}:${config.port ?? 5432}/` +
    `${config.database ?? config.user ?? ""}`;
}

export class PostgresCatalog implements CatalogDb {
  readonly kind = "postgres";

  private constructor(
    private readonly pool: pg.Pool,
    readonly description: string,
  ) {}

  static async connect(catalog: string, password?: string): Promise<PostgresCatalog> {
    const config = connectionConfig(catalog, password);
    const description = describe(config);
    const pool = new pg.Pool({ connectionTimeoutMillis: 10_000, ...config, types, max: 4 });
    // Idle clients of a stopped server emit errors; a failed query reports them instead.
    pool.on("error", () => {});
    const created = new PostgresCatalog(pool, description);
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => undefined);
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot reach the ${description}: ${why || "connection failed"}. ` +
        `Check DUCKLAKE_DATABASE_URL (host, port, database, user) and POSTGRES_PASSWORD.`);
    }
    return created;
  }

  async transaction<T>(mode: "read" | "write", work: (q: CatalogQuery) => Promise<T>) {
    const client = await this.pool.connect();
    const q: CatalogQuery = {
      all: async (sql: string, params: SqlValue[] = []) =>
        (await client.query(sql, params)).rows as SqlRow[],
      run: async (sql: string, params: SqlValue[] = []) => {
        await client.query(sql, params);
      },
      tableNames: async () => {
        const result = await client.query(`SELECT table_name FROM information_schema.tables
          WHERE table_schema = current_schema()`);
        return new Set(result.rows.map((row: { table_name: string }) => row.table_name));
      },
    };
    let broken = false;
    try {
      await client.query(mode === "read"
        ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        : "BEGIN");
      const result = await work(q);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async isEmpty(): Promise<boolean> {
    return this.transaction("read", async (q) => (await q.tableNames()).size === 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
