// The BAAC files a run reads: from ACCIDENTS_SOURCE, or downloaded from data.gouv.fr into the
// cache, each with its SHA-256 so the lake records exactly which bytes were ingested.
import type { Settings } from "../config.ts";
import { discoverBaacFiles, type BaacFile } from "./baac-files.ts";
import { downloadBaacFiles, sha256File } from "./baac-download.ts";

export type { BaacFile, BaacKind } from "./baac-files.ts";
export { BAAC_KINDS } from "./baac-files.ts";

export interface BaacSourceFile extends BaacFile {
  sha256: string;
  bytes: number;
}

/**
 * Lists, downloads when needed, and checksums the BAAC files of the configured years. With
 * `download: false`, raises instead of downloading a file missing from the cache.
 */
export async function resolveBaacFiles(
  settings: Pick<Settings, "accidentsSource" | "accidentsYears" | "cacheDir">,
  warn: (message: string) => void,
  options: { download?: boolean } = {},
): Promise<BaacSourceFile[]> {
  const files = settings.accidentsSource
    ? discoverBaacFiles(settings.accidentsSource, settings.accidentsYears, warn)
    : await downloadBaacFiles(settings.cacheDir, settings.accidentsYears, warn, options);

  const withChecksums: BaacSourceFile[] = [];
  for (const file of files) {
    withChecksums.push({ ...file, ...(await sha256File(file.path)) });
  }
  return withChecksums;
}
