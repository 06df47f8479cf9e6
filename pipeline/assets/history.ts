// Run history in the lake: `ops.runs` (one row per run that changed something or failed) and
// `ops.asset_materializations` (one row per asset materialised or failed in a run). A success
// row lands in the asset's own commit, so freshness survives a run killed halfway.
import type { Lake, LakeTransaction } from "../lake/types.ts";
import type { Fingerprint, LastMaterialization } from "./freshness.ts";
import { stableJson } from "./freshness.ts";

export type MaterializationStatus = "success" | "failed";

export interface MaterializationRecord {
  runId: string;
  asset: string;
  startedAt: Date;
  endedAt: Date;
  status: MaterializationStatus;
  rows: number;
  /** Snapshot the asset's commit created; null when it failed. */
  snapshotId: number | null;
  error: string | null;
  fingerprint: Fingerprint;
  metadata: Record<string, string | number | boolean>;
}

export interface RunRecord {
  runId: string;
  startedAt: Date;
  endedAt: Date;
  status: "success" | "failed";
  selection: string;
  holder: string;
  materialized: number;
  fresh: number;
  failed: number;
  error: string | null;
}

function literal(value: string | number | Date | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return `'${value.toISOString().replace("T", " ").replace("Z", "")}'`;
  return `'${value.replaceAll("'", "''")}'`;
}

const MATERIALIZATION_COLUMNS =
  "run_id VARCHAR, asset VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, status VARCHAR, " +
  "rows BIGINT, snapshot_id BIGINT, error VARCHAR, code_version VARCHAR, parameters VARCHAR, " +
  "fingerprint VARCHAR, metadata VARCHAR";

const RUN_COLUMNS =
  "run_id VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, status VARCHAR, selection VARCHAR, " +
  "holder VARCHAR, materialized INTEGER, fresh INTEGER, failed INTEGER, error VARCHAR";

/** `SELECT CAST(v1 AS T1) AS c1, … FROM (VALUES …)` for typed rows of a table. */
function valuesQuery(columns: string, rows: Array<Array<string | number | Date | null>>): string {
  const defs = columns.split(", ").map((def) => def.split(" "));
  const casts = defs.map(([name, type], i) => `CAST(col${i} AS ${type}) AS ${name}`);
  const names = defs.map((_, i) => `col${i}`).join(", ");
  const values = rows.map((row) => `(${row.map(literal).join(", ")})`).join(", ");
  return `SELECT ${casts.join(", ")} FROM (VALUES ${values}) AS t(${names})`;
}

/** Stages rows of `ops.asset_materializations` in `tx`. */
export async function stageMaterializations(
  tx: LakeTransaction,
  materializations: readonly MaterializationRecord[],
): Promise<void> {
  if (materializations.length === 0) return;
  await tx.createSchema("ops");
  await tx.append(
    "ops.asset_materializations",
    valuesQuery(
      MATERIALIZATION_COLUMNS,
      materializations.map((m) => [
        m.runId,
        m.asset,
        m.startedAt,
        m.endedAt,
        m.status,
        m.rows,
        m.snapshotId,
        m.error,
        m.fingerprint.codeVersion,
        stableJson(m.fingerprint.parameters),
        stableJson(m.fingerprint),
        stableJson(m.metadata),
      ]),
    ),
  );
}

/** Stages the run's row of `ops.runs` in `tx`. */
export async function stageRun(tx: LakeTransaction, run: RunRecord): Promise<void> {
  await tx.createSchema("ops");
  await tx.append(
    "ops.runs",
    valuesQuery(RUN_COLUMNS, [
      [
        run.runId,
        run.startedAt,
        run.endedAt,
        run.status,
        run.selection,
        run.holder,
        run.materialized,
        run.fresh,
        run.failed,
        run.error,
      ],
    ]),
  );
}

/** Returns the last successful materialisation of each asset, by key. */
export async function readLastMaterializations(
  lake: Lake,
): Promise<Map<string, LastMaterialization>> {
  const last = new Map<string, LastMaterialization>();
  if (!(await lake.tableExists("ops.asset_materializations"))) return last;

  const view = await lake.read("ops.asset_materializations", { as: "ops_history_last" });
  const rows = await lake.query<{
    asset: string;
    run_id: string;
    snapshot_id: number;
    ended_at: Date;
    rows: number;
    fingerprint: string;
  }>(
    `SELECT asset, run_id, snapshot_id, ended_at, rows, fingerprint FROM ${view} ` +
      `WHERE status = 'success' ` +
      `QUALIFY row_number() OVER (PARTITION BY asset ORDER BY ended_at DESC, snapshot_id DESC) = 1`,
  );
  for (const row of rows) {
    last.set(row.asset, {
      runId: row.run_id,
      snapshotId: row.snapshot_id,
      endedAt: row.ended_at,
      rows: row.rows,
      fingerprint: JSON.parse(row.fingerprint) as Fingerprint,
    });
  }
  return last;
}

export interface RunSummaryRow {
  runId: string;
  startedAt: Date;
  status: string;
  selection: string;
  materialized: number;
  failed: number;
}

/** Returns the latest runs, newest first. */
export async function readRecentRuns(lake: Lake, limit = 10): Promise<RunSummaryRow[]> {
  if (!(await lake.tableExists("ops.runs"))) return [];
  const view = await lake.read("ops.runs", { as: "ops_history_runs" });
  const rows = await lake.query<{
    run_id: string;
    started_at: Date;
    status: string;
    selection: string;
    materialized: number;
    failed: number;
  }>(
    `SELECT run_id, started_at, status, selection, materialized, failed FROM ${view} ` +
      `ORDER BY started_at DESC LIMIT ${limit}`,
  );
  return rows.map((row) => ({
    runId: row.run_id,
    startedAt: row.started_at,
    status: row.status,
    selection: row.selection,
    materialized: row.materialized,
    failed: row.failed,
  }));
}
