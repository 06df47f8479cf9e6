// Data files in an S3 bucket (AWS, MinIO, RustFS). DuckDB has no S3 reader here, so new files are
// written to a local cache and uploaded, and files to read are downloaded once into the cache.
// A data file never changes after its commit, so a cached copy stays valid.
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command,
  PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Settings } from "../../config.ts";
import { checkRelative, type Storage, type StoredFile } from "./types.ts";

function failure(action: string, url: string, error: unknown): Error {
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(`S3 ${action} of ${url} failed (${why}). Check AWS_ENDPOINT_URL, ` +
    `AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and that the bucket exists.`);
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === "NoSuchKey" || name === "NotFound";
}

export class S3Storage implements Storage {
  readonly root: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly cache: string;
  private readonly client: S3Client;

  constructor(root: string, s3: S3Settings, cacheDir: string) {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(root);
    if (!match) {
      throw new Error(`Invalid DUCKLAKE_DATA_PATH=${root}: expected s3://bucket/prefix/.`);
    }
    this.root = root;
    this.bucket = match[1];
    this.prefix = match[2];
    this.cache = resolve(cacheDir, this.bucket, this.prefix);
    this.client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      // Path-style addressing and checksums only when required: MinIO and RustFS need both.
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      credentials: s3.accessKeyId && s3.secretAccessKey
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
    });
  }

  private key(relativePath: string): string {
    return `${this.prefix}${checkRelative(relativePath)}`;
  }

  private url(relativePath: string): string {
    return `${this.root}${relativePath}`;
  }

  private cached(relativePath: string): string {
    return join(this.cache, checkRelative(relativePath));
  }

  async localPath(relativePath: string): Promise<string> {
    const path = this.cached(relativePath);
    const present = await stat(path).then((s) => s.isFile(), () => false);
    if (present) return path;

    const body = await this.read(relativePath);
    await mkdir(dirname(path), { recursive: true });
    // Rename into place, so a concurrent reader never sees half a file.
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, path);
    return path;
  }

  async stagingPath(relativePath: string): Promise<string> {
    const path = this.cached(relativePath);
    await mkdir(dirname(path), { recursive: true });
    return path;
  }

  async publish(relativePath: string): Promise<void> {
    await this.write(relativePath, await readFile(this.cached(relativePath)));
  }

  async write(relativePath: string, body: Uint8Array): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket,
        Key: this.key(relativePath), Body: body }));
    } catch (error) {
      throw failure("upload", this.url(relativePath), error);
    }
  }

  async read(relativePath: string): Promise<Uint8Array> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket,
        Key: this.key(relativePath) }));
      if (!result.Body) throw new Error("empty response body");
      return await result.Body.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(`File ${this.url(relativePath)} is missing from the bucket: the lake ` +
          `refers to a file that was deleted or never uploaded.`);
      }
      throw failure("download", this.url(relativePath), error);
    }
  }

  async exists(relativePath: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket,
        Key: this.key(relativePath) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw failure("lookup", this.url(relativePath), error);
    }
  }

  async list(): Promise<StoredFile[]> {
    const files: StoredFile[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket,
        Prefix: this.prefix, ContinuationToken: token }))
        .catch((error: unknown) => { throw failure("listing", this.root, error); });
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        files.push({ path: item.Key.slice(this.prefix.length), bytes: item.Size ?? 0,
          modifiedMs: item.LastModified?.getTime() ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  async delete(relativePath: string): Promise<void> {
    await rm(this.cached(relativePath), { force: true });
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket,
        Key: this.key(relativePath) }));
    } catch (error) {
      throw failure("delete", this.url(relativePath), error);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
