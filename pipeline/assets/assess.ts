// Computes an asset's current fingerprint and compares it with the lake's run history.
import type { Settings } from "../config.ts";
import type { Lake, TableName } from "../lake/types.ts";
import type { AssetDefinition, InputOptions } from "./define.ts";
import {
  assessFreshness,
  inputChecksums,
  type Fingerprint,
  type Freshness,
  type LastMaterialization,
} from "./freshness.ts";

export interface Assessment {
  fingerprint: Fingerprint;
  freshness: Freshness;
  last: LastMaterialization | undefined;
}

/** Tables of the asset that the lake's current snapshot lacks. */
async function missingTables(lake: Lake, asset: AssetDefinition): Promise<string[]> {
  const missing: string[] = [];
  for (const table of asset.tables) {
    if (!(await lake.tableExists(table as TableName))) missing.push(table);
  }
  return missing;
}

/**
 * Returns the asset's fingerprint and whether its last successful materialisation in `history`
 * still matches it. Reading the inputs may download files, unless `options.download` is false.
 */
export async function assessAsset(
  asset: AssetDefinition,
  settings: Settings,
  lake: Lake,
  history: ReadonlyMap<string, LastMaterialization>,
  log: (message: string) => void,
  options: InputOptions = {},
): Promise<Assessment> {
  const inputs = asset.inputs ? await asset.inputs(settings, log, options) : [];
  const fingerprint: Fingerprint = {
    codeVersion: asset.codeVersion,
    parameters: asset.parameters(settings),
    inputs: inputChecksums(inputs),
    upstream: Object.fromEntries(
      asset.deps.map((dep) => [dep, history.get(dep)?.snapshotId ?? null]),
    ),
  };
  const last = history.get(asset.key);
  const freshness = assessFreshness(
    fingerprint,
    last,
    last ? await missingTables(lake, asset) : [],
  );
  return { fingerprint, freshness, last };
}

/** An asset's state in `pipeline status`; a run reruns every asset that is not fresh. */
export type AssetState = "fresh" | "stale" | "unknown";

/**
 * Reasons an asset will rerun because of its direct deps: a run rematerialises a stale dep (and
 * one whose inputs cannot be read yet), which gives it a new snapshot, so the asset reruns too.
 */
export function upstreamReasons(
  asset: AssetDefinition,
  states: ReadonlyMap<string, AssetState>,
): string[] {
  return asset.deps
    .filter((dep) => (states.get(dep) ?? "fresh") !== "fresh")
    .map((dep) => `upstream ${dep} is ${states.get(dep)}`);
}
