// Builds the site, through `npm run build`, on the real BAAC files of 2020 and 2021 with one
// change: the address of accident 202100000602 becomes an HTML injection attempt, so the tests
// can check that the map shows data text literally.
import { spawnSync } from "node:child_process";
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { repoRoot, sharedPath } from "../support/shared.ts";

export const INJECTED_ACCIDENT = "202100000602";
export const INJECTED_ADDRESS = "<img src=x onerror=alert(1)>";

const BAAC_FILES = [
  "caracteristiques-2020.csv.gz", "carcteristiques-2021.csv.gz",
  "lieux-2020.csv.gz", "lieux-2021.csv.gz",
  "vehicules-2020.csv.gz", "vehicules-2021.csv.gz",
  "usagers-2020.csv.gz", "usagers-2021.csv.gz",
];

/** Rewrites the `adr` field of one accident in a BAAC characteristics file (`;`-separated,
 *  every field quoted). Raises when the accident is not found, so the test cannot pass
 *  vacuously. */
export function replaceAddress(csv: string, numAcc: string, address: string): string {
  const lines = csv.split("\n");
  const header = lines[0].split(";").map((field) => field.replaceAll('"', ""));
  const adrIndex = header.indexOf("adr");
  if (adrIndex < 0) throw new Error(`Missing adr column in the header: ${lines[0]}`);

  const row = lines.findIndex((line) => line.startsWith(`"${numAcc}";`));
  if (row < 0) throw new Error(`Accident ${numAcc} not found in the characteristics file.`);
  const fields = lines[row].split(";");
  fields[adrIndex] = `"${address}"`;
  lines[row] = fields.join(";");
  return lines.join("\n");
}

/** Writes the BAAC files of 2020 and 2021 to `<folder>/baac`, one address changed. */
function prepareSources(folder: string): void {
  const baac = join(folder, "baac");
  mkdirSync(baac, { recursive: true });
  for (const name of BAAC_FILES) {
    const source = sharedPath("data", "baac", name);
    if (name !== "carcteristiques-2021.csv.gz") {
      copyFileSync(source, join(baac, name));
      continue;
    }
    const csv = gunzipSync(readFileSync(source)).toString("utf-8");
    const changed = replaceAddress(csv, INJECTED_ACCIDENT, INJECTED_ADDRESS);
    writeFileSync(join(baac, name), gzipSync(Buffer.from(changed, "utf-8")));
  }
}

export interface BuiltSite {
  dist: string;
  /** Removes the temporary folder, unless it was reused or SITE_TEST_KEEP=1 keeps it. */
  cleanup(): void;
  /** The settings the site was built with (lake, sources, years), for a rebuild. */
  lakeEnv: Record<string, string>;
}

/**
 * Runs the whole build (pipeline, then site) into a temporary folder and returns the output
 * folder. SITE_TEST_KEEP=1 keeps that folder, and SITE_TEST_FOLDER=<folder> then reuses it, which
 * saves the pipeline's minutes when iterating.
 */
export function buildFixtureSite(): BuiltSite {
  const reuse = process.env.SITE_TEST_FOLDER;
  if (reuse) {
    if (!existsSync(join(reuse, "dist", "index.html"))) {
      throw new Error(
        `SITE_TEST_FOLDER=${reuse} contains no dist/index.html; unset it to rebuild.`,
      );
    }
    return { dist: join(reuse, "dist"), lakeEnv: buildEnvironment(reuse), cleanup: () => {} };
  }

  const folder = mkdtempSync(join(tmpdir(), "site-test-"));
  prepareSources(folder);
  const env = { ...buildEnvironment(folder), SITE_OUTPUT_DIR: join(folder, "dist") };
  const result = spawnSync("npm", ["run", "build"], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: "utf-8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`npm run build failed (exit ${result.status}) for the fixture site in ` +
      `${folder}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  }
  const keep = process.env.SITE_TEST_KEEP === "1";
  if (keep) console.error(`site fixture kept in ${folder}: SITE_TEST_FOLDER=${folder} reuses it`);
  return {
    dist: join(folder, "dist"),
    lakeEnv: buildEnvironment(folder),
    cleanup: () => {
      if (!keep) rmSync(folder, { recursive: true, force: true });
    },
  };
}

function buildEnvironment(folder: string): Record<string, string> {
  return {
    DUCKLAKE_DATABASE_URL: join(folder, "lake", "catalog.ducklake"),
    DUCKLAKE_DATA_PATH: join(folder, "lake", "files"),
    ACCIDENTS_CACHE_DIR: join(folder, "cache"),
    ACCIDENTS_SOURCE: join(folder, "baac"),
    ACCIDENTS_YEARS: "2020,2021",
    ACCIDENTS_DEPARTMENT: "988",
    ROADS_SOURCE: [
      sharedPath("data", "roads", "noumea-bdroute.geojson"),
      sharedPath("data", "roads", "nc-main-roads.geojson"),
    ].join(","),
  };
}
