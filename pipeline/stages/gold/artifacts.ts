// JSON artifacts stored with the lake's data under `artifacts/<asset>/<run id>/`, and the rows
// that list them in gold.artifacts (name, path, sha256, created, run id).
import { createHash } from "node:crypto";

import type { Lake, LakeTransaction } from "../../lake/types.ts";
import { type Column, stageRows } from "./rows.ts";

export interface ArtifactRecord {
  name: string;
  /** Relative to the lake's data path. */
  path: string;
  sha256: string;
  created: Date;
  run_id: string;
  [key: string]: string | Date;
}

export const ARTIFACT_COLUMNS: Column[] = [
  { name: "name", type: "VARCHAR" },
  { name: "path", type: "VARCHAR" },
  { name: "sha256", type: "VARCHAR" },
  { name: "created", type: "TIMESTAMP" },
  { name: "run_id", type: "VARCHAR" },
];

/** Writes each named JSON value as `artifacts/<group>/<run id>/<name>.json` plus a
 *  `manifest.json` listing their checksums; returns the records for gold.artifacts, the manifest
 *  last (named `<group>_manifest`). Older runs keep their files, so older snapshots stay usable. */
export async function writeJsonArtifacts(
  lake: Lake,
  group: string,
  runId: string,
  files: Record<string, unknown>,
): Promise<ArtifactRecord[]> {
  const folder = `artifacts/${group}/${pathSafe(runId)}`;
  const created = new Date();
  const records: ArtifactRecord[] = [];
  for (const [name, value] of Object.entries(files)) {
    const body = JSON.stringify(value);
    const path = `${folder}/${name}.json`;
    await lake.writeArtifact(path, body);
    const sha256 = createHash("sha256").update(body).digest("hex");
    records.push({ name, path, sha256, created, run_id: runId });
  }

  const manifest = {
    run_id: runId,
    created: created.toISOString(),
    files: records.map(({ name, path, sha256 }) => ({ name, path, sha256 })),
  };
  const body = JSON.stringify(manifest, null, 1);
  const path = `${folder}/manifest.json`;
  await lake.writeArtifact(path, body);
  const sha256 = createHash("sha256").update(body).digest("hex");
  records.push({ name: `${group}_manifest`, path, sha256, created, run_id: runId });
  return records;
}

/** Makes a run id safe as a path segment. */
export function pathSafe(runId: string): string {
  return runId.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** Rewrites gold.artifacts with these records in place of earlier rows of the same names, so
 *  each asset updates its own artifacts and keeps the others'. */
export async function replaceArtifacts(
  lake: Lake,
  tx: LakeTransaction,
  records: ArtifactRecord[],
): Promise<number> {
  const staged = await stageRows(lake, "gold_new_artifacts", ARTIFACT_COLUMNS, records);
  const names = records.map((r) => `'${r.name.replace(/'/g, "''")}'`).join(", ");
  const otherAssets = (await lake.tableExists("gold.artifacts"))
    ? `SELECT * FROM ${await lake.read("gold.artifacts")} WHERE name NOT IN (${names}) UNION ALL `
    : "";
  return tx.createOrReplace(
    "gold.artifacts",
    `${otherAssets}SELECT * FROM ${staged} ORDER BY name`,
  );
}
