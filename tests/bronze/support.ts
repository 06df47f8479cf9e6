// Builds small BAAC folders from real lines of the official files, for bad-input tests.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { openLake } from "../../pipeline/lake/index.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { sharedPath } from "../support/shared.ts";

export const BAAC_2020 = {
  caracteristiques: "caracteristiques-2020.csv.gz",
  lieux: "lieux-2020.csv.gz",
  vehicules: "vehicules-2020.csv.gz",
  usagers: "usagers-2020.csv.gz",
} as const;

const cache = new Map<string, string[]>();

/** Lines of a real BAAC file (header first), without line ends. */
export function realLines(file: string): string[] {
  let lines = cache.get(file);
  if (!lines) {
    const text = gunzipSync(readFileSync(sharedPath("data", "baac", file))).toString("utf-8");
    lines = text.split(/\r?\n/).filter((line) => line !== "");
    cache.set(file, lines);
  }
  return lines;
}

/** Returns the header and the rows of the given accidents in a real file. */
export function realRowsOf(file: string, numAccs: readonly string[]): string[] {
  const [header, ...rows] = realLines(file);
  return [header, ...rows.filter((row) => numAccs.some((id) => row.startsWith(`"${id}"`)))];
}

/** Two real accidents of New Caledonia in 2020 (Bourail and Nouméa). */
export const NC_ACCIDENTS = ["202000000081", "202000000102"];

const temporary: string[] = [];
process.on("exit", () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Creates a temporary folder, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `accidents-nc-${prefix}-`));
  temporary.push(dir);
  return dir;
}

/**
 * Writes a 2020 BAAC folder with the rows of `accidents` from each real table. Each `edit`
 * function may change a table's lines (header first), which are then written with LF ends.
 */
export function writeBaacFolder(
  accidents: readonly string[] = NC_ACCIDENTS,
  edit: Partial<Record<keyof typeof BAAC_2020, (lines: string[]) => string[]>> = {},
): string {
  const folder = tempDir("baac");
  for (const [kind, file] of Object.entries(BAAC_2020) as Array<[keyof typeof BAAC_2020, string]>) {
    const lines = realRowsOf(file, accidents);
    const edited = edit[kind] ? edit[kind](lines) : lines;
    writeFileSync(join(folder, file.replace(/\.gz$/, "")), `${edited.join("\n")}\n`);
  }
  return folder;
}

/** Opens a new lake on an embedded catalog and local files, in a temporary folder. */
export async function tempLake(): Promise<{ lake: Lake; env: Record<string, string> }> {
  const dir = tempDir("lake");
  const env = {
    DUCKLAKE_DATABASE_URL: join(dir, "catalog.ducklake"),
    DUCKLAKE_DATA_PATH: join(dir, "files") + "/",
  };
  const lake = await openLake({
    catalog: env.DUCKLAKE_DATABASE_URL,
    dataPath: env.DUCKLAKE_DATA_PATH,
    s3: { region: "us-east-1" },
    cacheDir: join(dir, "cache"),
  });
  return { lake, env };
}
