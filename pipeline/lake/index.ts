// Entry point of the DuckLake client: `openLake()` on the two settings DUCKLAKE_DATABASE_URL and
// DUCKLAKE_DATA_PATH (see README.md).
import { existsSync, statSync } from "node:fs";
import { readLakeSettings, type LakeSettings } from "../config.ts";
import { DuckDbFileCatalog } from "./catalog/duckdb-file.ts";
import type { CatalogDb } from "./catalog/types.ts";
import { checkCatalog, initialise } from "./init.ts";
import { DuckLake } from "./lake.ts";
import { DiskStorage } from "./storage/disk.ts";
import type { Storage } from "./storage/types.ts";
import type { Lake } from "./types.ts";

export type { Lake, LakeTransaction, TableName, CommitInfo, CommitResult, SnapshotInfo,
  TableInfo, ColumnInfo, ColumnStats, ReadOptions, GcOptions, GcResult } from "./types.ts";
export type { LakeSettings } from "../config.ts";

export function isPostgresCatalog(catalog: string): boolean {
  return /^postgres(ql)?:/i.test(catalog);
}

async function openCatalog(settings: LakeSettings): Promise<CatalogDb> {
  if (isPostgresCatalog(settings.catalog)) {
    const { PostgresCatalog } = await import("./catalog/postgres.ts");
    return PostgresCatalog.connect(settings.catalog, settings.postgresPassword);
  }
  return new DuckDbFileCatalog(settings.catalog);
}

async function openStorage(settings: LakeSettings): Promise<Storage> {
  if (settings.dataPath.startsWith("s3://")) {
    const { S3Storage } = await import("./storage/s3.ts");
    return new S3Storage(settings.dataPath, settings.s3, settings.cacheDir);
  }
  const folder = settings.dataPath.replace(/\/+$/, "") || "/";
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new Error(`DUCKLAKE_DATA_PATH=${settings.dataPath} names a file, not a folder. Point ` +
      "it at a folder (created when missing) or at s3://bucket/prefix/.");
  }
  return new DiskStorage(settings.dataPath);
}

export interface OpenOptions {
  /** Create an empty lake when the catalog is empty (default true). Read-only commands pass
   *  false so that a mistyped DUCKLAKE_DATABASE_URL fails instead of creating a lake. */
  create?: boolean;
}

/** Opens the lake, creating an empty one (catalog tables, snapshot 0) when the catalog is empty.
 *  Raises before writing anything when the catalog is unreachable, of another format, or a
 *  database with other tables. */
export async function openLake(
  settings: LakeSettings = readLakeSettings(),
  options: OpenOptions = {},
): Promise<Lake> {
  if (options.create === false && !isPostgresCatalog(settings.catalog) &&
    !existsSync(settings.catalog)) {
    throw new Error(`Lake catalog ${settings.catalog} not found. Check ` +
      `DUCKLAKE_DATABASE_URL, or run the pipeline once to create the lake.`);
  }
  // Storage settings are checked first, so a bad data path leaves no new catalog behind.
  const storage = await openStorage(settings);
  const catalog = await openCatalog(settings);
  try {
    if (await catalog.isEmpty()) {
      if (options.create === false) {
        throw new Error(`${catalog.description} contains no lake yet: it has no tables. ` +
          `Check DUCKLAKE_DATABASE_URL, or run the pipeline once to create the lake.`);
      }
      await initialise(catalog, settings.dataPath);
    }
    await checkCatalog(catalog);
    return await DuckLake.create(catalog, storage);
  } catch (error) {
    await catalog.close().catch(() => undefined);
    throw error;
  }
}
