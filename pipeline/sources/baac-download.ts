// Downloads the BAAC files into a local cache, with a progress bar, and checksums files.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import cliProgress from "cli-progress";
import { BAAC_KINDS, type BaacFile } from "./baac-files.ts";
import { BAAC_RESOURCES, baacResourceUrl } from "./baac-resources.ts";

/** Returns the SHA-256 (hex) and size in bytes of a file, read as a stream. */
export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/**
 * Downloads `url` to `destination`, through a `.part` file renamed at the end so an interrupted
 * download never looks complete. Shows a progress bar when stderr is a terminal.
 */
export async function downloadFile(url: string, destination: string): Promise<void> {
  const response = await fetch(url).catch((error: unknown) => {
    throw new Error(
      `Download of ${url} failed: ${(error as Error).message}. Check the network, ` +
        `or set ACCIDENTS_SOURCE to a folder holding the BAAC files.`,
    );
  });
  if (!response.ok || !response.body) {
    throw new Error(
      `Download of ${url} failed: HTTP ${response.status} ${response.statusText}. If the file ` +
        `moved on data.gouv.fr, update pipeline/sources/baac-resources.ts.`,
    );
  }

  const total = Number(response.headers.get("content-length")) || 0;
  const label = basename(destination);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: `${label.padEnd(28)} [{bar}] {percentage}% {value}/{total} kB`,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(Math.ceil(total / 1024), 0);
  if (!bar) process.stderr.write(`Downloading ${label} from ${url}\n`);

  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      bar?.update(Math.ceil(received / 1024));
      done(null, chunk);
    },
  });

  const partial = `${destination}.part`;
  try {
    const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(body, counter, createWriteStream(partial));
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(
      `Download of ${url} failed after ${received} bytes: ${(error as Error).message}`,
    );
  } finally {
    bar?.stop();
  }

  if (total > 0 && received !== total) {
    await rm(partial, { force: true });
    throw new Error(`Download of ${url} is truncated: ${received} of ${total} bytes. Run again.`);
  }
  renameSync(partial, destination);
}

/**
 * Returns the BAAC files of `years` from `<cacheDir>/baac/`, downloading those not cached yet
 * unless `download` is false. Years without a known address are reported through `warn`.
 */
export async function downloadBaacFiles(
  cacheDir: string,
  years: readonly number[],
  warn: (message: string) => void,
  options: { download?: boolean } = {},
): Promise<BaacFile[]> {
  const folder = join(cacheDir, "baac");
  mkdirSync(folder, { recursive: true });

  const unknownYears = years.filter((year) => !BAAC_RESOURCES[year]);
  if (unknownYears.length > 0) {
    warn(
      `No data.gouv.fr address for BAAC years ${unknownYears.join(", ")}; known years: ` +
        `${Object.keys(BAAC_RESOURCES).join(", ")}. Set ACCIDENTS_SOURCE to a folder for others.`,
    );
  }

  const files: BaacFile[] = [];
  for (const year of years) {
    for (const kind of BAAC_KINDS) {
      const url = baacResourceUrl(year, kind);
      if (!url) continue;

      const name = basename(new URL(url).pathname);
      const path = join(folder, name);
      if (!existsSync(path)) {
        if (options.download === false) {
          throw new Error(`${name} is not downloaded yet (cache ${folder}); run materialize.`);
        }
        await downloadFile(url, path);
      }
      files.push({ path, name, year, kind });
    }
  }
  if (files.length === 0) {
    throw new Error(`None of the BAAC years ${years.join(", ")} can be downloaded.`);
  }
  return files;
}
