// The lake command line on a copy of the `basic` fixture, through `npm run lake`'s entry point.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { parseOlderThan } from "../../pipeline/lake/older-than.ts";
import { repoRoot, sharedPath } from "../support/shared.ts";

let env: NodeJS.ProcessEnv;

function lake(...args: string[]) {
  const result = spawnSync(process.execPath,
    ["--import", "tsx", join(repoRoot, "pipeline/lake/cli.ts"), ...args],
    { env, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("lake command line", () => {
  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), "lake-cli-"));
    await cp(sharedPath("fixtures", "ducklake", "basic"), dir, { recursive: true });
    env = { ...process.env, DUCKLAKE_DATABASE_URL: join(dir, "catalog.ducklake"),
      DUCKLAKE_DATA_PATH: `${dir}/files/` };
  });

  test("snapshots lists changes", () => {
    const { code, stdout } = lake("snapshots");
    assert.equal(code, 0);
    assert.match(stdout, /^7 .* dropped_table:4,created_table:"silver"\."by_commune",/m);
  });

  test("tables lists rows and columns", () => {
    const { stdout } = lake("tables");
    assert.match(stdout, /^bronze\.accidents +267 +1 +15268 +4 +num_acc varchar, /m);
    assert.match(stdout, /^silver\.by_commune +29 /m);
  });

  test("read as json keeps numbers as numbers", () => {
    const { code, stdout } = lake("read", "bronze.accidents", "--format", "json",
      "--limit", "0");
    assert.equal(code, 0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    assert.equal(rows.length, 267);
    const row = rows.find((r) => r.num_acc === "202100000602")!;
    assert.deepEqual(row, { num_acc: "202100000602", event_time: "2021-12-30 17:45:00",
      day: "2021-12-30", latitude: -20.919094, longitude: 164.773614, atm: 3, com: "98831",
      adr: "Tiéta (Tribu)" });
  });

  test("read as csv at an older snapshot", () => {
    const { stdout } = lake("read", "silver.by_commune", "--at-snapshot", "6",
      "--format", "csv", "--limit", "0");
    const lines = stdout.trim().split("\n");
    assert.equal(lines[0], "com,n");
    assert.equal(lines.length, 30);
  });

  test("gc dry run deletes nothing", () => {
    const { stdout } = lake("gc", "--dry-run");
    assert.match(stdout, /Dry run: would expire 0 snapshots, would delete 0 files \(0 bytes\)\./);
  });

  test("gc --older-than takes days or an ISO date", () => {
    // The fixture has snapshots 0 to 9; the latest is always kept, so at most 9 expire.
    for (const when of ["0", "0d", "2999-01-01"]) {
      const { code, stdout } = lake("gc", "--dry-run", "--older-than", when);
      assert.equal(code, 0, when);
      assert.match(stdout, /^Dry run: would expire 9 snapshots, /m, when);
    }
    const { stdout } = lake("gc", "--dry-run", "--older-than", "2000-01-01");
    assert.match(stdout, /^Dry run: would expire 0 snapshots, /m);

    const bad = lake("gc", "--dry-run", "--older-than", "30x");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid --older-than "30x": expected a number of days such as 30 /);
  });

  test("bad requests exit 2 with the reason", () => {
    const unknown = lake("bogus");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "bogus"/);
    const format = lake("read", "bronze.accidents", "--format", "xml");
    assert.equal(format.code, 2);
    assert.match(format.stderr, /Invalid --format "xml": expected table, csv or json\./);
  });

  test("usage errors exit 2", () => {
    const none = lake();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No command given/);

    for (const value of ["", "0x6", "1e0", "-1", "2.5"]) {
      const bad = lake("read", "bronze.accidents", `--at-snapshot=${value}`);
      assert.equal(bad.code, 2, `--at-snapshot=${value}`);
      assert.match(bad.stderr, new RegExp(`Invalid --at-snapshot "${value.replace(".", "\\.")}"`));
    }

    const option = lake("tables", "--colour");
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--colour'/);

    const extra = lake("read", "bronze.accidents", "silver.by_commune");
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /Unexpected argument "silver\.by_commune": read takes one table/);
    const listed = lake("snapshots", "bronze.accidents");
    assert.equal(listed.code, 2);
    assert.match(listed.stderr, /Unexpected argument "bronze\.accidents": snapshots takes no/);
  });

  test("a missing catalog exits 1 and stays missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lake-cli-missing-"));
    const catalog = join(dir, "typo.ducklake");
    for (const command of [["snapshots"], ["tables"], ["read", "bronze.accidents"]]) {
      const result = spawnSync(process.execPath,
        ["--import", "tsx", join(repoRoot, "pipeline/lake/cli.ts"), ...command],
        { env: { ...env, DUCKLAKE_DATABASE_URL: catalog }, encoding: "utf8" });
      assert.equal(result.status, 1, command.join(" "));
      assert.match(result.stderr, /typo\.ducklake not found/, command.join(" "));
    }
    assert.equal(existsSync(catalog), false);
  });

  test("a missing table exits 1 naming the tables", () => {
    const { code, stderr } = lake("read", "gold.nothing");
    assert.equal(code, 1);
    assert.match(stderr, /Table gold\.nothing does not exist at snapshot 9 \(tables: /);
  });

  test("help lists the commands", () => {
    const { code, stdout } = lake("--help");
    assert.equal(code, 0);
    assert.match(stdout, /snapshots[\s\S]*tables[\s\S]*read SCHEMA\.TABLE[\s\S]*gc/);
  });
});

describe("parseOlderThan", () => {
  const now = new Date("2026-03-31T12:00:00Z");

  test("reads days, with or without d, and ISO dates", () => {
    assert.equal(parseOlderThan("30d", now).toISOString(), "2026-03-01T12:00:00.000Z");
    assert.equal(parseOlderThan("30", now).toISOString(), "2026-03-01T12:00:00.000Z");
    assert.equal(parseOlderThan("1.5d", now).toISOString(), "2026-03-30T00:00:00.000Z");
    assert.equal(parseOlderThan("2026-01-31", now).toISOString(), "2026-01-31T00:00:00.000Z");
    assert.equal(
      parseOlderThan("2026-01-31T08:30:00Z", now).toISOString(),
      "2026-01-31T08:30:00.000Z",
    );
  });

  test("rejects other forms", () => {
    for (const raw of ["", "-1", "30x", "0x10", "1e3", "2026-1-31", "March 3", "d"]) {
      assert.throws(() => parseOlderThan(raw, now), /Invalid --older-than/, raw);
    }
  });
});
