// The storage of data files. DuckDB reads and writes only local files here (no httpfs), so every
// storage hands out local paths: the file itself on disk, a cached copy for S3.

export interface StoredFile {
  /** Relative to the data path, with `/` separators. */
  path: string;
  bytes: number;
  modifiedMs: number;
}

export interface Storage {
  /** The data path as configured: a folder or `s3://bucket/prefix/`, ending with `/`. */
  readonly root: string;
  /** A local path DuckDB can read for a file of the lake (downloaded and cached for S3). */
  localPath(relativePath: string): Promise<string>;
  /** A local path to write a new file to; `publish` then makes it part of the storage. */
  stagingPath(relativePath: string): Promise<string>;
  publish(relativePath: string): Promise<void>;
  write(relativePath: string, body: Uint8Array): Promise<void>;
  read(relativePath: string): Promise<Uint8Array>;
  exists(relativePath: string): Promise<boolean>;
  /** Every file under the data path. */
  list(): Promise<StoredFile[]>;
  delete(relativePath: string): Promise<void>;
  close(): Promise<void>;
}

/** Rejects `..` and absolute paths, so a catalog row can never point outside the data path. */
export function checkRelative(relativePath: string): string {
  const clean = relativePath.replaceAll("\\", "/");
  if (clean.startsWith("/") || clean.split("/").includes("..") || clean === "") {
    throw new Error(`File path ${JSON.stringify(relativePath)} must stay inside the data path.`);
  }
  return clean;
}
