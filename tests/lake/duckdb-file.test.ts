// The shared lake behaviour on the default pairing: a DuckDB catalog file and a local folder.
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { LakeSettings } from "../../pipeline/config.ts";
import { lakeSuite } from "./suite.ts";
import { duckRows } from "../../pipeline/lake/catalog/duckdb-file.ts";

lakeSuite("a DuckDB catalog file and a local folder", {
  async settings(): Promise<LakeSettings> {
    const dir = await mkdtemp(join(tmpdir(), "lake-duckdb-"));
    return { catalog: join(dir, "catalog.ducklake"), dataPath: `${dir}/files/`,
      s3: { region: "us-east-1" }, cacheDir: join(dir, "cache") };
  },
  async catalogRows(settings, sql) {
    // The lake opens the file only during its own transactions, so a second reader can open it.
    const instance = await DuckDBInstance.create(settings.catalog, { access_mode: "READ_ONLY" });
    const connection = await instance.connect();
    try {
      return await duckRows(connection, sql);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  },
  async storedFiles(settings) {
    const entries = await readdir(settings.dataPath, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(settings.dataPath.length)).sort();
  },
});
