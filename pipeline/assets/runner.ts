// Materialises a selection of assets: under the lake's "pipeline" lock, in dependency order, one
// lake commit per stale asset (with its `ops.asset_materializations` row), then one commit
// recording the run in `ops.runs`. Fresh assets are skipped, each with the reason, and a run
// where every asset is fresh commits nothing.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { readSettings, type Settings } from "../config.ts";
import { openLake } from "../lake/index.ts";
import type { Lake } from "../lake/types.ts";
import { assessAsset } from "./assess.ts";
import type { AssetDefinition } from "./define.ts";
import type { LastMaterialization } from "./freshness.ts";
import { AssetGraph } from "./graph.ts";
import {
  readLastMaterializations,
  stageMaterializations,
  stageRun,
  type MaterializationRecord,
} from "./history.ts";
import { formatAssetLine, formatSeconds } from "./report.ts";

/** Name of the catalog lock every run holds, so one run at a time writes a lake. */
export const PIPELINE_LOCK = "pipeline";

export interface MaterializeOptions {
  /** Materialise the selected assets even when fresh. */
  force?: boolean;
  settings?: Settings;
  /** An open lake to use; by default one is opened from the settings and closed at the end. */
  lake?: Lake;
  /** How long to wait for another run's lock, in milliseconds (default 0: fail at once). */
  waitMs?: number;
  /** Receives one line per asset and the run summary (default: stdout). */
  log?: (line: string) => void;
  /** The declared assets (default: the registry). */
  assets?: readonly AssetDefinition[];
}

export type AssetStatus = "materialized" | "fresh" | "failed" | "not run";

export interface AssetOutcome {
  key: string;
  status: AssetStatus;
  rows?: number;
  seconds?: number;
  snapshotId?: number;
  /** Reasons for running (stale reasons, or "forced") or for skipping the asset. */
  reasons: string[];
  error?: string;
}

export interface RunSummary {
  runId: string;
  outcomes: AssetOutcome[];
  failed: boolean;
  /** False when every asset was fresh, so the lake was not written. */
  committed: boolean;
}

function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

async function registryAssets(): Promise<readonly AssetDefinition[]> {
  const { assets } = await import("./registry.ts");
  return assets;
}

/** Runs `work` with the lake given in `options`, or one opened for the call and closed after. */
async function withLake<T>(
  settings: Settings,
  options: MaterializeOptions,
  work: (lake: Lake) => Promise<T>,
) {
  if (options.lake) return work(options.lake);
  const lake = await openLake(settings.lake);
  try {
    return await work(lake);
  } finally {
    await lake.close();
  }
}

/**
 * Materialises the assets that `selection` names (`KEY`, `+KEY`, `KEY+`, `*`) and that are stale
 * (or all of them with `force`). Stops at the first failure; the failed asset's commit never
 * lands, so the lake keeps its previous snapshot. Returns the outcome of each selected asset.
 */
export async function materialize(
  selection: readonly string[],
  options: MaterializeOptions = {},
): Promise<RunSummary> {
  const settings = options.settings ?? readSettings();
  const graph = new AssetGraph(options.assets ?? (await registryAssets()));
  const keys = graph.select(selection);
  if (keys.length === 0) throw new Error("The selection names no asset.");

  const runId = newRunId();
  const holder = `${hostname()} pid ${process.pid} run ${runId}`;
  const print = options.log ?? ((line: string) => console.log(line));
  const width = Math.max(...keys.map((key) => key.length));

  return withLake(settings, options, (lake) =>
    lake.withLock(
      PIPELINE_LOCK,
      holder,
      async () => {
        const startedAt = new Date();
        const history = new Map(await readLastMaterializations(lake));
        const outcomes: AssetOutcome[] = [];
        const failures: MaterializationRecord[] = [];

        for (const key of keys) {
          const asset = graph.get(key);
          if (outcomes.some((outcome) => outcome.status === "failed")) {
            outcomes.push({ key, status: "not run", reasons: ["an earlier asset failed"] });
            print(formatAssetLine(width, outcomes[outcomes.length - 1]));
            continue;
          }
          const outcome = await runAsset(asset, { settings, lake, history, runId, print, options });
          outcomes.push(outcome.outcome);
          if (outcome.failure) failures.push(outcome.failure);
          print(formatAssetLine(width, outcome.outcome));
        }

        const failed = outcomes.some((outcome) => outcome.status === "failed");
        const changed = outcomes.some((outcome) => outcome.status === "materialized");
        if (!changed && !failed) {
          print("Every asset is fresh; nothing committed.");
          return { runId, outcomes, failed, committed: false };
        }

        const run = { runId, startedAt, selection: selection.join(" "), holder };
        await recordRun(lake, run, outcomes, failures);
        const count = (status: AssetStatus) => outcomes.filter((o) => o.status === status).length;
        const seconds = (Date.now() - startedAt.getTime()) / 1000;
        print(
          `Run ${runId}: ${count("materialized")} materialized, ${count("fresh")} fresh, ` +
            `${count("failed")} failed, ${formatSeconds(seconds)}.`,
        );
        return { runId, outcomes, failed, committed: true };
      },
      options.waitMs ?? 0,
    ),
  );
}

/**
 * Commits the run's row to `ops.runs`, with the rows of the assets that failed (an asset that
 * succeeded recorded itself in its own commit).
 * NOTE: a process killed before this commit leaves no `ops.runs` row for the run.
 */
async function recordRun(
  lake: Lake,
  run: { runId: string; startedAt: Date; selection: string; holder: string },
  outcomes: readonly AssetOutcome[],
  failures: readonly MaterializationRecord[],
): Promise<void> {
  const count = (status: AssetStatus) => outcomes.filter((o) => o.status === status).length;
  const failed = count("failed") > 0;
  const info = { author: "accidents-nc pipeline", message: `Record run ${run.runId}` };
  await lake.commit(info, async (tx) => {
    await stageRun(tx, {
      ...run,
      endedAt: new Date(),
      status: failed ? "failed" : "success",
      materialized: count("materialized"),
      fresh: count("fresh"),
      failed: count("failed"),
      error: outcomes.find((o) => o.error)?.error ?? null,
    });
    await stageMaterializations(tx, failures);
  });
}

interface RunContext {
  settings: Settings;
  lake: Lake;
  history: Map<string, LastMaterialization>;
  runId: string;
  print: (line: string) => void;
  options: MaterializeOptions;
}

/** Assesses one asset and materialises it when stale; updates `history` on success. */
async function runAsset(
  asset: AssetDefinition,
  { settings, lake, history, runId, print, options }: RunContext,
): Promise<{ outcome: AssetOutcome; failure?: MaterializationRecord }> {
  const printed = new Set<string>();
  const log = (message: string) => {
    // Inputs are read twice (freshness, then materialisation), so print each warning once.
    if (printed.has(message)) return;
    printed.add(message);
    print(`${asset.key}: ${message}`);
  };
  const startedAt = new Date();
  const failure = (error: unknown, fingerprint: MaterializationRecord["fingerprint"] | null) => {
    const message = error instanceof Error ? error.message : String(error);
    const outcome: AssetOutcome = {
      key: asset.key,
      status: "failed",
      reasons: [],
      error: message,
      seconds: (Date.now() - startedAt.getTime()) / 1000,
    };
    if (!fingerprint) return { outcome };
    const record: MaterializationRecord = {
      runId,
      asset: asset.key,
      startedAt,
      endedAt: new Date(),
      status: "failed",
      rows: 0,
      snapshotId: null,
      error: message,
      fingerprint,
      metadata: {},
    };
    return { outcome, failure: record };
  };

  let assessment;
  try {
    assessment = await assessAsset(asset, settings, lake, history, log);
  } catch (error) {
    return failure(error, null);
  }
  const { fingerprint, freshness, last } = assessment;
  if (freshness.fresh && !options.force) {
    const since = last ? [`unchanged since snapshot ${last.snapshotId}`] : [];
    return {
      outcome: { key: asset.key, status: "fresh", reasons: since, snapshotId: last?.snapshotId },
    };
  }
  const reasons = freshness.fresh ? ["forced"] : freshness.reasons;

  const neverBuilt = asset.deps.filter((dep) => fingerprint.upstream[dep] === null);
  if (neverBuilt.length > 0) {
    const error = new Error(
      `upstream ${neverBuilt.join(", ")} never materialized; select +${asset.key} to build it too.`,
    );
    return failure(error, fingerprint);
  }

  try {
    let record: MaterializationRecord | undefined;
    const info = {
      author: "accidents-nc pipeline",
      message: `Materialize ${asset.key} (run ${runId})`,
    };
    const commit = await lake.commit(info, async (tx) => {
      const result = await asset.materialize({ settings, lake, tx, runId, log });
      // Snapshot ids grow by one per commit, and a commit whose base moved runs this work again,
      // so the commit creates the snapshot after the current one.
      const snapshotId = (await lake.currentSnapshot()) + 1;
      record = {
        runId,
        asset: asset.key,
        startedAt,
        endedAt: new Date(),
        status: "success",
        rows: result.rows,
        snapshotId,
        error: null,
        fingerprint,
        metadata: result.metadata ?? {},
      };
      await stageMaterializations(tx, [record]);
    });
    if (!record) throw new Error(`${asset.key}: the commit ran no materialisation.`);
    if (commit.snapshotId !== record.snapshotId) {
      log(
        `recorded snapshot ${record.snapshotId} but the commit created ${commit.snapshotId}; ` +
          `the next run will find this asset stale`,
      );
    }

    history.set(asset.key, {
      runId,
      snapshotId: commit.snapshotId,
      endedAt: record.endedAt,
      rows: record.rows,
      fingerprint,
    });
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const outcome: AssetOutcome = {
      key: asset.key,
      status: "materialized",
      rows: record.rows,
      seconds,
      snapshotId: commit.snapshotId,
      reasons,
    };
    return { outcome };
  } catch (error) {
    return failure(error, fingerprint);
  }
}

/**
 * Makes the given assets and their upstream assets fresh, materialising the stale ones under
 * the lock (waiting up to `waitMs`, default 30 minutes, for another run). Returns undefined
 * without taking the lock when everything is fresh; raises when an asset fails. For data
 * loaders.
 */
export async function ensureFresh(
  keys: readonly string[],
  options: MaterializeOptions = {},
): Promise<RunSummary | undefined> {
  const quiet = options.log ?? ((line: string) => console.error(line));
  if (await allFresh(keys, options)) return undefined;

  const summary = await materialize(
    keys.map((key) => `+${key}`),
    { waitMs: 30 * 60_000, ...options, force: false, log: quiet },
  );
  if (summary.failed) {
    const failed = summary.outcomes.find((outcome) => outcome.status === "failed");
    throw new Error(
      `Could not make ${keys.join(", ")} fresh: ${failed?.key} failed: ${failed?.error}`,
    );
  }
  return summary;
}

/** True when the keys and their upstream assets are all fresh; takes no lock. */
async function allFresh(keys: readonly string[], options: MaterializeOptions): Promise<boolean> {
  const settings = options.settings ?? readSettings();
  const graph = new AssetGraph(options.assets ?? (await registryAssets()));
  const selected = graph.select(keys.map((key) => `+${key}`));
  return withLake(settings, options, async (lake) => {
    const history = await readLastMaterializations(lake);
    for (const key of selected) {
      // An asset whose inputs cannot be read counts as stale: the run then reports the error.
      const assessed = await assessAsset(graph.get(key), settings, lake, history, () => {}).catch(
        () => undefined,
      );
      if (!assessed?.freshness.fresh) return false;
    }
    return true;
  });
}
