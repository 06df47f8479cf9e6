// Creating a catalog the way the extension does (snapshot 0 contains the schema `main`), and
// rejecting catalogs this code cannot read, before anything is written to them.
import { randomUUID } from "node:crypto";
import { catalogDdl, DUCKLAKE_VERSION, lockTableDdl } from "./catalog/ddl.ts";
import type { CatalogDb } from "./catalog/types.ts";

export const CREATED_BY = "accidents-nc pipeline/lake (DuckDB 1.5)";

export async function initialise(catalog: CatalogDb, dataPath: string): Promise<void> {
  await catalog.transaction("write", async (q) => {
    // Another process may have initialised the catalog since we looked. Any other table means
    // a database that is not ours, which checkCatalog then rejects.
    if ((await q.tableNames()).size > 0) return;
    for (const statement of catalogDdl()) await q.run(statement);
    const metadata: [string, string][] = [
      ["version", DUCKLAKE_VERSION],
      ["created_by", CREATED_BY],
      ["data_path", dataPath],
      ["encrypted", "false"],
    ];
    for (const [key, value] of metadata) {
      await q.run(`INSERT INTO ducklake_metadata ("key", "value", "scope", scope_id)
        VALUES ($1, $2, NULL, NULL)`, [key, value]);
    }
    await q.run(`INSERT INTO ducklake_snapshot (snapshot_id, snapshot_time, schema_version,
      next_catalog_id, next_file_id) VALUES (0, now(), 0, 1, 0)`);
    await q.run(`INSERT INTO ducklake_snapshot_changes (snapshot_id, changes_made, author,
      commit_message, commit_extra_info) VALUES (0, 'created_schema:"main"', NULL, NULL, NULL)`);
    await q.run(`INSERT INTO ducklake_schema (schema_id, schema_uuid, begin_snapshot,
      end_snapshot, schema_name, path, path_is_relative)
      VALUES (0, $1, 0, NULL, 'main', 'main/', true)`, [randomUUID()]);
  });
}

/** Reads `ducklake_metadata`, rejecting another format version with a message saying what to do. */
export async function checkCatalog(catalog: CatalogDb): Promise<Map<string, string>> {
  return catalog.transaction("read", async (q) => {
    const names = await q.tableNames();
    const missing = ["ducklake_metadata", "ducklake_snapshot", "ducklake_data_file"]
      .filter((name) => !names.has(name));
    if (missing.length > 0) {
      throw new Error(`${catalog.description} is not a DuckLake catalog: it lacks ` +
        `${missing.join(", ")}. Point DUCKLAKE_DATABASE_URL at a DuckLake catalog, or at an ` +
        `empty database to create one.`);
    }
    const rows = await q.all(`SELECT "key", "value" FROM ducklake_metadata
      WHERE "scope" IS NULL`);
    const metadata = new Map(rows.map((row) => [String(row.key), String(row.value)]));
    const version = metadata.get("version");
    if (version !== DUCKLAKE_VERSION) {
      throw new Error(`${catalog.description} uses DuckLake format ${version ?? "(no version)"}` +
        `, but this code reads and writes only format ${DUCKLAKE_VERSION}. Upgrade the catalog ` +
        `with the DuckDB ducklake extension (ATTACH … (AUTOMATIC_MIGRATION)); ` +
        `nothing was written.`);
    }
    if (metadata.get("encrypted") === "true") {
      throw new Error(`${catalog.description} is an encrypted lake, which this code cannot read.`);
    }
    if (!names.has("accidents_nc_lake_lock")) {
      // Only withLock needs it; it is created on first use by a writer.
      metadata.set("lock_table", "absent");
    }
    return metadata;
  });
}

export { lockTableDdl };
