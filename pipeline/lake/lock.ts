// Named locks kept in the catalog, so that processes and pods sharing a lake see the same locks.
// A lock carries a lease that its holder renews; a holder that died stops renewing and the lock
// frees itself when the lease runs out.
import { randomUUID } from "node:crypto";
import { LOCK_TABLE, lockTableDdl } from "./catalog/ddl.ts";
import { isUniqueViolation, type CatalogDb } from "./catalog/types.ts";

const LEASE_SECONDS = 60;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Holder {
  holder: string;
  startedMs: number;
}

async function tryAcquire(catalog: CatalogDb, name: string, holder: string, token: string) {
  return catalog.transaction("write", async (q): Promise<Holder | null> => {
    await q.run(lockTableDdl());
    const rows = await q.all(`SELECT holder,
      CAST(extract(epoch FROM started) * 1000 AS DOUBLE PRECISION) AS started_ms,
      lease_expires > now() AS live FROM ${LOCK_TABLE} WHERE name = $1`, [name]);
    if (rows.length > 0 && rows[0].live === true) {
      return { holder: String(rows[0].holder), startedMs: Number(rows[0].started_ms) };
    }
    // Only an expired row may go. Under Postgres' READ COMMITTED, a plain delete would also remove
    // a row that another process committed after our SELECT, and both would own the lock. With
    // the condition, that row stays and our INSERT fails on the primary key instead.
    await q.run(`DELETE FROM ${LOCK_TABLE} WHERE name = $1 AND lease_expires <= now()`, [name]);
    await q.run(`INSERT INTO ${LOCK_TABLE} (name, holder, token, started, lease_expires)
      VALUES ($1, $2, $3, now(), now() + INTERVAL '${LEASE_SECONDS} seconds')`,
      [name, holder, token]);
    return null;
  });
}

export async function withLock<T>(
  catalog: CatalogDb,
  name: string,
  holder: string,
  work: () => Promise<T>,
  waitMs = 0,
): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    const current = await tryAcquire(catalog, name, holder, token).catch((error: unknown) => {
      // Two processes inserting the lock row (or creating its table) at once: one of them gets
      // a unique violation, which means the other one won.
      if (isUniqueViolation(error)) return { holder: "another process", startedMs: Date.now() };
      throw error;
    });
    if (!current) break;
    if (Date.now() >= deadline) {
      throw new Error(`Lock ${JSON.stringify(name)} is held by ${current.holder} since ` +
        `${new Date(current.startedMs).toISOString()}; wait for it to finish (a holder that ` +
        `died frees the lock within ${LEASE_SECONDS} s).`);
    }
    await sleep(Math.min(2000, 50 * 2 ** attempt, Math.max(10, deadline - Date.now())));
  }

  const renew = setInterval(() => {
    catalog.transaction("write", (q) => q.run(`UPDATE ${LOCK_TABLE}
      SET lease_expires = now() + INTERVAL '${LEASE_SECONDS} seconds'
      WHERE name = $1 AND token = $2`, [name, token])).catch((error: unknown) => {
      console.error(`lake: could not renew lock ${name}: ${String(error)}`);
    });
  }, (LEASE_SECONDS * 1000) / 3);
  renew.unref();
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await catalog.transaction("write", (q) =>
      q.run(`DELETE FROM ${LOCK_TABLE} WHERE name = $1 AND token = $2`, [name, token]));
  }
}
