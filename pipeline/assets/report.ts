// Console lines of the pipeline: one per asset, such as
// `silver/full_dataset  12,642 rows  3.1 s  snapshot 17`.
import type { AssetOutcome } from "./runner.ts";

export function formatSeconds(seconds: number): string {
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

/** Formats an asset's outcome in a run as one line, its key padded to `width`. */
export function formatAssetLine(width: number, outcome: AssetOutcome): string {
  const key = outcome.key.padEnd(width);
  switch (outcome.status) {
    case "materialized":
      return (
        `${key}  ${formatCount(outcome.rows ?? 0)} rows  ${formatSeconds(outcome.seconds ?? 0)}` +
        `  snapshot ${outcome.snapshotId}  (${outcome.reasons.join("; ")})`
      );
    case "fresh":
      return `${key}  fresh  (${outcome.reasons.join("; ") || "nothing changed"})`;
    case "failed":
      return `${key}  FAILED after ${formatSeconds(outcome.seconds ?? 0)}: ${outcome.error}`;
    case "not run":
      return `${key}  not run  (${outcome.reasons.join("; ")})`;
  }
}
