// Shared steps of every page dataset: make the needed assets fresh, open the lake, query it,
// and report plainly when a stage of the pipeline does not exist yet.
import type { AssetKey } from "../pipeline/assets/define.ts";
import { assets } from "../pipeline/assets/registry.ts";
import { ensureFresh } from "../pipeline/assets/runner.ts";
import { openLake } from "../pipeline/lake/index.ts";
import type { Lake } from "../pipeline/lake/types.ts";

/** Loader result for a page whose assets are not defined in the pipeline yet. */
export interface Unavailable {
  available: false;
  /** A French sentence shown on the page as is. */
  reason: string;
  missingAssets: string[];
}

export type PageData<T> = ({ available: true } & T) | Unavailable;

/** Returns the keys that no stage defines (a stage still being written). */
export function missingAssets(keys: AssetKey[]): AssetKey[] {
  const defined = new Set(assets.map((asset) => asset.key));
  return keys.filter((key) => !defined.has(key));
}

export function unavailable(missing: string[]): Unavailable {
  return {
    available: false,
    reason:
      `Données pas encore disponibles : l'étape du pipeline qui produit ` +
      `${missing.join(", ")} n'existe pas encore.`,
    missingAssets: missing,
  };
}

/**
 * Materialises the stale ones among `keys` (and their upstreams), then runs `query` on the lake.
 * A key that no stage defines yields `Unavailable` instead of an error, so the page can show it.
 * Any other failure (a stage that raises, a missing table) propagates and fails the build.
 */
export async function withFreshLake<T extends object>(
  keys: AssetKey[],
  query: (lake: Lake) => Promise<T>,
): Promise<PageData<T>> {
  const missing = missingAssets(keys);
  if (missing.length > 0) return unavailable(missing);

  await ensureFresh(keys);
  const lake = await openLake();
  try {
    return { available: true, ...(await query(lake)) };
  } finally {
    await lake.close();
  }
}

/** Converts DuckDB values that JSON cannot hold (BigInt, Date objects) for the browser. */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 19);
  return value;
}

export function toJsonRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, toJsonValue(value)])),
  );
}
