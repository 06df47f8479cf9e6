// `npm run pipeline -- <command>`: materialize, status, snapshots, gc. Exits 1 when a run or
// command fails, and 2 on a wrong command line.
import { hostname } from "node:os";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { readSettings } from "../config.ts";
import { openLake } from "../lake/index.ts";
import { parseOlderThan } from "../lake/older-than.ts";
import type { Lake } from "../lake/types.ts";
import { assessAsset, upstreamReasons, type AssetState } from "./assess.ts";
import { AssetGraph } from "./graph.ts";
import { readLastMaterializations, readRecentRuns } from "./history.ts";
import { formatCount } from "./report.ts";
import { materialize, PIPELINE_LOCK } from "./runner.ts";

const HELP: Record<string, string> = {
  main: `Usage: npm run pipeline -- <command> [options]

Commands:
  materialize   materialise stale assets of a selection, one lake commit per asset
  status        show each asset: fresh or stale and why, last run, rows
  snapshots     list the lake's snapshots, newest first
  gc            expire old snapshots and delete files no snapshot reads

Run \`npm run pipeline -- <command> --help\` for a command's options.
Settings come from environment variables; see the README's settings table.`,
  materialize: `Usage: npm run pipeline -- materialize [--select SELECTION]... [--all] [--force]
                                   [--wait SECONDS]

Materialises the selected assets that are stale, in dependency order, and skips fresh ones.

  --select SELECTION  KEY (the asset), +KEY (with its upstream assets), KEY+ (with its
                      downstream assets); repeat it or separate terms with commas
  --all               every asset
  --force             materialise the selected assets even when fresh
  --wait SECONDS      wait up to SECONDS for another run to release the lake (default 0)`,
  status: `Usage: npm run pipeline -- status [--select SELECTION]...

Shows each asset (default: all): fresh or stale and why, its last snapshot and rows, then the
latest runs. Reads input files to compare checksums, but downloads nothing: an asset whose
downloads are not cached yet shows as unknown. An asset downstream of a stale or unknown one
shows as stale, since a run that includes its upstream assets would rerun it too.`,
  snapshots: `Usage: npm run pipeline -- snapshots [--limit N]

Lists the lake's snapshots, newest first (default: 20): id, time, author, message.`,
  gc: `Usage: npm run pipeline -- gc [--dry-run] [--older-than WHEN]

Deletes data files that no snapshot reads. With --older-than, first expires snapshots older
than WHEN (never the current one), so files only they read are deleted too.

  --dry-run           list what would be expired and deleted, change nothing
  --older-than WHEN   a number of days such as 30 or 30d, or an ISO date such as 2026-01-31
                      (the same forms as \`npm run lake -- gc\`)`,
};

type Flags = Record<string, string | boolean | string[] | undefined>;

/** A wrong command line: exits 2, where a failed run exits 1. */
class UsageError extends Error {}

/**
 * Joins `--wait -1` into `--wait=-1`. parseArgs reads a value that starts with a dash as another
 * option, so without this the option's own check could never name the negative number.
 */
function joinNegativeValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i].startsWith("--") && !args[i].includes("=") && /^-\d/.test(next ?? "")) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}

function parse(command: string, args: string[], options: ParseArgsConfig["options"]): Flags {
  const joined = joinNegativeValues(args);
  let values: Flags;
  try {
    values = parseArgs({
      args: joined,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    }).values as Flags;
  } catch (error) {
    if (error instanceof TypeError && "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(`${error.message}\n\n${HELP[command]}`);
    }
    throw error;
  }
  if (values.help) {
    console.log(HELP[command]);
    process.exit(0);
  }
  return values;
}

function positiveNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  // Number() would also take "", "0x6" and "1e3".
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value)) {
    throw new UsageError(`Invalid --${flag} ${JSON.stringify(raw)}: expected a number >= 0.`);
  }
  return value;
}

async function withLake<T>(work: (lake: Lake) => Promise<T>): Promise<T> {
  const lake = await openLake(readSettings().lake);
  try {
    return await work(lake);
  } finally {
    await lake.close();
  }
}

async function runMaterialize(args: string[]): Promise<number> {
  const flags = parse("materialize", args, {
    select: { type: "string", multiple: true },
    all: { type: "boolean" },
    force: { type: "boolean" },
    wait: { type: "string" },
  });
  const selection = flags.all ? ["*"] : ((flags.select as string[] | undefined) ?? []);
  if (selection.length === 0) {
    throw new UsageError("Nothing selected: give --select KEY (or +KEY, KEY+) or --all.");
  }
  const waitMs = positiveNumber("wait", flags.wait as string | undefined, 0) * 1000;
  const summary = await materialize(selection, { force: Boolean(flags.force), waitMs });
  return summary.failed ? 1 : 0;
}

async function runStatus(args: string[]): Promise<number> {
  const flags = parse("status", args, { select: { type: "string", multiple: true } });
  const settings = readSettings();
  const { assets } = await import("./registry.ts");
  const graph = new AssetGraph(assets);
  const keys = graph.select((flags.select as string[] | undefined) ?? ["*"]);
  const selected = new Set<string>(keys);
  // Upstream assets are assessed too, unshown: a selected asset reruns when one of them does.
  const assessOrder = graph.order(keys.flatMap((key) => [...graph.upstreamOf(key)]));
  const width = Math.max(...keys.map((key) => key.length));

  await withLake(async (lake) => {
    const history = await readLastMaterializations(lake);
    const states = new Map<string, AssetState>();
    for (const key of assessOrder) {
      const log = (message: string) => {
        if (selected.has(key)) console.log(`${key}: ${message}`);
      };
      const asset = graph.get(key);
      const result = await assessAsset(asset, settings, lake, history, log, {
        download: false,
      }).catch((error: Error) => error);
      if (result instanceof Error) {
        states.set(key, "unknown");
        if (selected.has(key)) console.log(`${key.padEnd(width)}  unknown (${result.message})`);
        continue;
      }
      const { freshness, last } = result;
      // Its own reasons suffice when it is stale; upstream ones matter when it looks fresh.
      const reasons = freshness.fresh ? upstreamReasons(asset, states) : freshness.reasons;
      states.set(key, reasons.length === 0 ? "fresh" : "stale");
      if (!selected.has(key)) continue;

      const state = reasons.length === 0 ? "fresh" : `stale (${reasons.join("; ")})`;
      const lastRun = last
        ? `snapshot ${last.snapshotId}, ${formatCount(last.rows)} rows, run ${last.runId}`
        : "never materialized";
      console.log(`${key.padEnd(width)}  ${state}  last: ${lastRun}`);
    }
    const runs = await readRecentRuns(lake, 5);
    if (runs.length > 0) console.log("\nLatest runs:");
    for (const run of runs) {
      console.log(
        `  ${run.runId}  ${run.status.padEnd(7)}  ${run.materialized} materialized, ` +
          `${run.failed} failed  (${run.selection})`,
      );
    }
  });
  return 0;
}

async function runSnapshots(args: string[]): Promise<number> {
  const flags = parse("snapshots", args, { limit: { type: "string" } });
  const limit = positiveNumber("limit", flags.limit as string | undefined, 20);
  await withLake(async (lake) => {
    const snapshots = (await lake.snapshots()).sort((a, b) => b.snapshotId - a.snapshotId);
    for (const snapshot of snapshots.slice(0, limit)) {
      console.log(
        `${String(snapshot.snapshotId).padStart(5)}  ${snapshot.time.toISOString()}  ` +
          `${snapshot.author ?? "-"}  ${snapshot.commitMessage ?? snapshot.changesMade}`,
      );
    }
  });
  return 0;
}

async function runGc(args: string[]): Promise<number> {
  const flags = parse("gc", args, {
    "dry-run": { type: "boolean" },
    "older-than": { type: "string" },
  });
  const raw = flags["older-than"] as string | undefined;
  let olderThan: Date | undefined;
  try {
    olderThan = raw === undefined ? undefined : parseOlderThan(raw);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP.gc}`);
  }
  const dryRun = Boolean(flags["dry-run"]);

  await withLake(async (lake) => {
    // Under the pipeline lock, so no run is committing files while they are listed.
    const holder = `${hostname()} pid ${process.pid} gc`;
    const result = await lake.withLock(PIPELINE_LOCK, holder, () => lake.gc({ olderThan, dryRun }));
    const verb = result.dryRun ? "would delete" : "deleted";
    const expired = result.dryRun ? "Would expire snapshots" : "Expired snapshots";
    console.log(
      `${expired}: ${result.expiredSnapshots.join(", ") || "none"}; ${verb} ` +
        `${result.deletedFiles.length} files (${formatCount(result.deletedBytes)} bytes).`,
    );
    for (const file of result.deletedFiles) console.log(`  ${file}`);
  });
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  materialize: runMaterialize,
  status: runStatus,
  snapshots: runSnapshots,
  gc: runGc,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    console.log(HELP.main);
    return 0;
  }
  if (!command) throw new UsageError(`No command given.\n\n${HELP.main}`);
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`Unknown command ${JSON.stringify(command)}.\n\n${HELP.main}`);
  return run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
