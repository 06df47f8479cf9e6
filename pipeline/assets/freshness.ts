// Freshness: an asset is fresh when its last successful materialisation used the same code
// version, parameters, input files and upstream snapshots as a run would use now.
import { basename } from "node:path";
import type { InputFile } from "./define.ts";

/** Dependencies of a materialisation, stored with it in `ops.asset_materializations`. */
export interface Fingerprint {
  codeVersion: string;
  parameters: Record<string, unknown>;
  /** SHA-256 of each input file, by file name (moving the folder changes nothing). */
  inputs: Record<string, string>;
  /** Snapshot of each upstream asset's last successful materialisation. */
  upstream: Record<string, number | null>;
}

export interface LastMaterialization {
  runId: string;
  snapshotId: number;
  endedAt: Date;
  rows: number;
  fingerprint: Fingerprint;
}

export type Freshness = { fresh: true } | { fresh: false; reasons: string[] };

/** Serialises with sorted object keys, so equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>).sort(([a], [b]) => {
      if (a === b) return 0;
      return a < b ? -1 : 1;
    });
    return Object.fromEntries(entries);
  });
}

export function inputChecksums(inputs: readonly InputFile[]): Record<string, string> {
  return Object.fromEntries(inputs.map((file) => [basename(file.path), file.sha256]));
}

function short(sha256: string): string {
  return sha256.slice(0, 12);
}

function changedKeys(
  before: Record<string, unknown>,
  now: Record<string, unknown>,
): Array<[string, unknown, unknown]> {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  return keys
    .filter((key) => stableJson(before[key]) !== stableJson(now[key]))
    .map((key) => [key, before[key], now[key]]);
}

/**
 * Compares the fingerprint a run would use now with the last successful materialisation and
 * returns every reason the asset is stale. `missingTables` lists its tables absent from the lake.
 */
export function assessFreshness(
  now: Fingerprint,
  last: LastMaterialization | undefined,
  missingTables: readonly string[] = [],
): Freshness {
  if (!last) return { fresh: false, reasons: ["never materialized"] };

  const reasons: string[] = [];
  const before = last.fingerprint;
  if (before.codeVersion !== now.codeVersion) {
    reasons.push(`code version ${before.codeVersion} -> ${now.codeVersion}`);
  }
  for (const [key, old, current] of changedKeys(before.parameters, now.parameters)) {
    reasons.push(
      `parameter ${key} ${stableJson(old) ?? "unset"} -> ${stableJson(current) ?? "unset"}`,
    );
  }
  for (const [name, old, current] of changedKeys(before.inputs, now.inputs)) {
    if (old === undefined) {
      reasons.push(`new input ${name}`);
    } else if (current === undefined) {
      reasons.push(`input ${name} removed`);
    } else {
      const change = `${short(String(old))} -> ${short(String(current))}`;
      reasons.push(`input ${name} changed (sha256 ${change})`);
    }
  }
  for (const [key, old, current] of changedKeys(before.upstream, now.upstream)) {
    if (current === null || current === undefined) {
      reasons.push(`upstream ${key} never materialized`);
    } else {
      reasons.push(`upstream ${key} changed (snapshot ${old ?? "none"} -> ${current})`);
    }
  }
  for (const table of missingTables) reasons.push(`table ${table} missing from the lake`);

  return reasons.length === 0 ? { fresh: true } : { fresh: false, reasons };
}
