// Locates the read-only real data beside the repository (../shared), or where SHARED_DIR points.
// Tests that need it fail loudly when it is missing instead of skipping.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export const sharedDir = resolve(process.env.SHARED_DIR ?? join(repoRoot, "..", "shared"));

/** Returns the absolute path of a file or folder under the shared data, or raises. */
export function sharedPath(...parts: string[]): string {
  const path = join(sharedDir, ...parts);
  if (!existsSync(path)) {
    throw new Error(
      `Missing shared test data: ${path}. Clone the repository beside ../shared ` +
        `or set SHARED_DIR to the folder holding data/ and fixtures/.`,
    );
  }
  return path;
}
