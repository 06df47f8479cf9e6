// Data files in a local folder: DuckDB reads and writes them in place.
import { mkdir, readFile, readdir, rm, stat, writeFile, rename } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { checkRelative, type Storage, type StoredFile } from "./types.ts";

export class DiskStorage implements Storage {
  readonly root: string;
  private readonly folder: string;

  constructor(root: string) {
    this.root = root;
    this.folder = resolve(root);
  }

  private full(relativePath: string): string {
    return join(this.folder, checkRelative(relativePath));
  }

  async localPath(relativePath: string): Promise<string> {
    return this.full(relativePath);
  }

  async stagingPath(relativePath: string): Promise<string> {
    const path = this.full(relativePath);
    await mkdir(dirname(path), { recursive: true });
    return path;
  }

  async publish(): Promise<void> {
    // Written in place: nothing to move.
  }

  async write(relativePath: string, body: Uint8Array): Promise<void> {
    const path = await this.stagingPath(relativePath);
    // Write then rename, so a reader never sees half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, path);
  }

  async read(relativePath: string): Promise<Uint8Array> {
    const path = this.full(relativePath);
    return readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      throw new Error(`File ${path} is missing from the lake's data path ${this.root}.`);
    });
  }

  async exists(relativePath: string): Promise<boolean> {
    return stat(this.full(relativePath)).then(() => true, () => false);
  }

  async list(): Promise<StoredFile[]> {
    const entries = await readdir(this.folder, { recursive: true, withFileTypes: true })
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      });
    const files: StoredFile[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      const { size, mtimeMs } = await stat(full);
      const path = relative(this.folder, full).split(sep).join("/");
      files.push({ path, bytes: size, modifiedMs: mtimeMs });
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  async delete(relativePath: string): Promise<void> {
    await rm(this.full(relativePath), { force: true });
  }

  async close(): Promise<void> {}
}
