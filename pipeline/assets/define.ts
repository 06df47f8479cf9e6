// Asset declarations. An asset names its key, group, upstream assets and description where it is
// defined, so the graph, the CLI and the pipeline page are derived from these declarations.
import type { Settings } from "../config.ts";
import type { Lake, LakeTransaction } from "../lake/types.ts";

export type AssetGroup = "bronze" | "silver" | "gold";

/** `bronze/accidents_nc`: the group, a slash, the asset's name. */
export type AssetKey = `${AssetGroup}/${string}`;

/** A file an asset reads from outside the lake; its checksum takes part in freshness. */
export interface InputFile {
  path: string;
  sha256: string;
}

export interface InputOptions {
  /** False to raise instead of downloading missing files (`pipeline status`). Default true. */
  download?: boolean;
}

export interface AssetContext {
  settings: Settings;
  /** Read upstream tables with `lake.read`; stage writes through `tx`, never `lake` directly. */
  lake: Lake;
  /** The asset's one commit: everything staged here lands as one snapshot. */
  tx: LakeTransaction;
  runId: string;
  /** Prints a line prefixed with the asset key; use for warnings, not per-row chatter. */
  log(message: string): void;
}

export interface MaterializeResult {
  /** Rows written, reported on the asset's log line and in `ops.asset_materializations`. */
  rows: number;
  /** Extra facts for the log line and the run history (counts, warnings). */
  metadata?: Record<string, string | number | boolean>;
}

export interface AssetDefinition {
  key: AssetKey;
  group: AssetGroup;
  deps: AssetKey[];
  description: string;
  /** Lake tables the asset writes (`bronze.accidents_nc`), for lineage and the pipeline page. */
  tables: string[];
  /** Bump when the computation changes, so existing materialisations become stale. */
  codeVersion: string;
  /** The settings that shape the result; a change makes the asset stale. */
  parameters(settings: Settings): Record<string, unknown>;
  /** Files read from outside the lake (downloads them first when needed), with checksums. */
  inputs?(
    settings: Settings,
    log: (message: string) => void,
    options?: InputOptions,
  ): Promise<InputFile[]>;
  materialize(context: AssetContext): Promise<MaterializeResult>;
}

export function defineAsset(definition: AssetDefinition): AssetDefinition {
  const [group] = definition.key.split("/");
  if (group !== definition.group) {
    throw new Error(`Asset ${definition.key}: key must start with its group "${definition.group}/".`);
  }
  return definition;
}
