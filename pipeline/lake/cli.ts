// The lake's command line, on the same two settings as the pipeline (DUCKLAKE_DATABASE_URL,
// DUCKLAKE_DATA_PATH): list snapshots and tables, print a table, collect garbage.
import { parseArgs } from "node:util";
import { readLakeSettings } from "../config.ts";
import { openLake } from "./index.ts";
import { parseOlderThan } from "./older-than.ts";
import type { Lake, TableName } from "./types.ts";

const HELP = `Usage: npm run lake -- COMMAND [options]

Commands:
  snapshots                 List snapshots: id, time, schema version, changes, author, message.
  tables [--at-snapshot N]  List tables with their rows, files, bytes and columns.
  read SCHEMA.TABLE         Print a table.
      --at-snapshot N       Read the table as it was at snapshot N (default: the latest).
      --limit N             Print at most N rows (default 20; 0 prints all).
      --format F            table (default), csv, or json (one array of row objects).
  gc                        Delete files no snapshot reads any more.
      --older-than WHEN     Also expire snapshots older than WHEN: a number of days such as
                            30 or 30d, or an ISO date such as 2026-01-31 (the latest snapshot
                            is always kept).
      --dry-run             List what would be deleted, delete nothing.

Settings (environment): DUCKLAKE_DATABASE_URL (default data/lake/catalog.ducklake),
DUCKLAKE_DATA_PATH (default data/lake/files/), and for S3 AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_REGION.`;

class UsageError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  // Number() would also take "", "0x6" and "1e0".
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`Invalid --${name} ${JSON.stringify(raw)}: expected an integer ≥ 0.`);
  }
  return value;
}

function olderThan(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseOlderThan(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Pads columns to a plain-text table. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function csv(header: string[], rows: string[][]): string {
  const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"`
    : value);
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\n");
}

async function printTable(lake: Lake, table: TableName, snapshot: number | undefined,
  limit: number, format: string) {
  const view = await lake.read(table, { snapshot, as: "cli_read" });
  const rows = `(SELECT * FROM ${view}${limit > 0 ? ` LIMIT ${limit}` : ""})`;
  if (format === "json") {
    // DuckDB's JSON keeps numbers (BIGINT, DECIMAL, DOUBLE) as numbers, dates as strings.
    const [{ json }] = await lake.query<{ json: string | null }>(
      `SELECT CAST(to_json(list(t)) AS VARCHAR) AS json FROM ${rows} AS t`);
    console.log(json ?? "[]");
    return;
  }
  const header = (await lake.query<{ column_name: string }>(`SELECT column_name
    FROM (DESCRIBE ${view})`)).map((c) => c.column_name);
  const text = await lake.query<Record<string, string | null>>(
    `SELECT COLUMNS(*)::VARCHAR FROM ${rows}`);
  const nullText = format === "csv" ? "" : "NULL";
  const cells = text.map((row) => header.map((name) => row[name] ?? nullText));
  console.log(format === "csv" ? csv(header, cells) : textTable(header, cells));
}

const OPTIONS = {
  "at-snapshot": { type: "string" },
  limit: { type: "string" },
  format: { type: "string" },
  "older-than": { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses the arguments, raising a UsageError for an unknown option or a missing value. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    if (error instanceof TypeError && "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(`${error.message} (see --help).`);
    }
    throw error;
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, target, ...extra] = positionals;
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!command) throw new UsageError(`No command given.\n\n${HELP}`);
  const format = values.format ?? "table";
  if (!["table", "csv", "json"].includes(format)) {
    throw new UsageError(`Invalid --format ${JSON.stringify(format)}: ` +
      "expected table, csv or json.");
  }
  const snapshot = values["at-snapshot"] === undefined
    ? undefined : integer("at-snapshot", values["at-snapshot"], 0);
  const limit = integer("limit", values.limit, 20);
  if (!["snapshots", "tables", "read", "gc"].includes(command)) {
    throw new UsageError(`Unknown command ${JSON.stringify(command)}: expected snapshots, ` +
      `tables, read or gc (see --help).`);
  }
  if (command === "read" && !target) throw new UsageError("read needs SCHEMA.TABLE.");
  const unexpected = command === "read" ? extra : positionals.slice(1);
  if (unexpected.length > 0) {
    throw new UsageError(`Unexpected argument ${JSON.stringify(unexpected[0])}: ${command} ` +
      `takes ${command === "read" ? "one table name" : "no arguments"} (see --help).`);
  }
  const expireBefore = olderThan(values["older-than"]);

  // Listing and reading must not create a lake where the setting points by mistake, and gc
  // has nothing to do on a new one.
  const lake = await openLake(readLakeSettings(), { create: false });
  try {
    if (command === "snapshots") {
      const rows = (await lake.snapshots()).map((s) => [String(s.snapshotId),
        s.time.toISOString(), String(s.schemaVersion), s.changesMade, s.author ?? "",
        s.commitMessage ?? ""]);
      console.log(textTable(["snapshot", "time", "schema", "changes", "author", "message"], rows));
    } else if (command === "tables") {
      const rows = (await lake.tables({ snapshot })).map((t) => [t.table, String(t.rowCount),
        String(t.fileCount), String(t.fileSizeBytes), String(t.lastChangedSnapshot),
        t.columns.map((c) => `${c.name} ${c.type}`).join(", ")]);
      console.log(textTable(["table", "rows", "files", "bytes", "changed", "columns"], rows));
    } else if (command === "read") {
      await printTable(lake, target as TableName, snapshot, limit, format);
    } else {
      const result = await lake.gc({ olderThan: expireBefore, dryRun: values["dry-run"] });
      const verb = result.dryRun ? "would delete" : "deleted";
      for (const file of result.deletedFiles) console.log(`${verb} ${file}`);
      const expired = result.dryRun ? "Dry run: would expire" : "Expired";
      console.log(`${expired} ${result.expiredSnapshots.length} snapshots, ${verb} ` +
        `${result.deletedFiles.length} files (${result.deletedBytes} bytes).`);
    }
  } finally {
    await lake.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
