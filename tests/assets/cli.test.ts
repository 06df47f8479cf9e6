// `npm run pipeline` end to end: the real asset registry, the official 2020 BAAC files and a
// lake in a temporary folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, test } from "node:test";
import { repoRoot, sharedPath } from "../support/shared.ts";
import { tempDir } from "../bronze/support.ts";

const lakeDir = tempDir("cli-lake");
const env = {
  ...process.env,
  DUCKLAKE_DATABASE_URL: join(lakeDir, "catalog.ducklake"),
  DUCKLAKE_DATA_PATH: join(lakeDir, "files") + "/",
  ACCIDENTS_SOURCE: sharedPath("data", "baac"),
  ACCIDENTS_YEARS: "2020",
};

function pipeline(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "pipeline/assets/cli.ts"), ...args],
    { cwd: repoRoot, env, encoding: "utf-8" },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("pipeline CLI", () => {
  test("--help on every command", () => {
    for (const command of ["materialize", "status", "snapshots", "gc"]) {
      const { code, stdout } = pipeline(command, "--help");
      assert.equal(code, 0, command);
      assert.match(stdout, new RegExp(`^Usage: npm run pipeline -- ${command}`), command);
    }
    assert.match(pipeline("--help").stdout, /Commands:\n {2}materialize/);
  });

  test("usage errors exit 2", () => {
    const none = pipeline();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No command given/);

    const unknown = pipeline("build");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "build"/);

    const option = pipeline("status", "--color");
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--color'/);

    for (const wait of ["-1", "", "0x10"]) {
      const bad = pipeline("materialize", "--all", "--wait", wait);
      assert.equal(bad.code, 2, `--wait ${wait}`);
      assert.match(bad.stderr, new RegExp(`Invalid --wait "${wait}": expected a number >= 0`));
    }

    const nothing = pipeline("materialize");
    assert.equal(nothing.code, 2);
    assert.match(
      nothing.stderr,
      /Nothing selected: give --select KEY \(or \+KEY, KEY\+\) or --all/,
    );

    const badKey = pipeline("materialize", "--select", "bronze/nope");
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /Unknown asset bronze\/nope/);
  });

  test("materialize, then everything fresh", () => {
    const first = pipeline("materialize", "--select", "+bronze/accidents_nc");
    assert.equal(first.code, 0, first.stderr);
    // 47,744 + 47,744 + 81,066 + 105,295 rows of the four 2020 tables, 4 rejected coordinates
    // (accidents filed under Wallis-et-Futuna, 986, placed in Nouméa), 4 source files.
    assert.match(
      first.stdout,
      /^bronze\/baac +281,857 rows {2}[\d.]+ s {2}snapshot 1 {2}\(never materialized\)$/m,
    );
    assert.match(first.stdout, /^bronze\/accidents_nc +333 rows {2}[\d.]+ s {2}snapshot 2 /m);

    const second = pipeline("materialize", "--select", "+bronze/accidents_nc");
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^bronze\/baac +fresh {2}\(unchanged since snapshot 1\)$/m);
    assert.match(second.stdout, /Every asset is fresh; nothing committed\.$/m);
  });

  test("status says fresh or stale and why", () => {
    const { code, stdout } = pipeline("status", "--select", "+bronze/accidents_nc");
    assert.equal(code, 0);
    assert.match(stdout, /^bronze\/accidents_nc +fresh {2}last: snapshot 2, 333 rows, run /m);

    const changed = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(repoRoot, "pipeline/assets/cli.ts"),
        "status",
        "--select",
        "bronze/accidents_nc",
      ],
      { cwd: repoRoot, env: { ...env, ACCIDENTS_DEPARTMENT: "971" }, encoding: "utf-8" },
    );
    assert.match(changed.stdout, /stale \(parameter department "988" -> "971"\)/);

    // 2021 added: bronze/baac reruns, so bronze/accidents_nc, itself unchanged, reruns after it.
    const years = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(repoRoot, "pipeline/assets/cli.ts"),
        "status",
        "--select",
        "+bronze/accidents_nc",
      ],
      { cwd: repoRoot, env: { ...env, ACCIDENTS_YEARS: "2020,2021" }, encoding: "utf-8" },
    );
    assert.match(
      years.stdout,
      /^bronze\/baac +stale \(parameter years \[2020\] -> \[2020,2021\];/m,
    );
    assert.match(
      years.stdout,
      /^bronze\/accidents_nc +stale \(upstream bronze\/baac is stale\) {2}last: snapshot 2,/m,
    );
  });

  test("status downloads nothing", async () => {
    // A port that was just free, so nothing listens there: a download attempt would fail with
    // ECONNREFUSED instead of saying "not downloaded yet".
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "pipeline/assets/cli.ts"), "status"],
      {
        cwd: repoRoot,
        env: {
          ...env,
          ACCIDENTS_SOURCE: "",
          ACCIDENTS_CACHE_DIR: tempDir("cli-cache"),
          ROADS_SOURCE: "",
          OVERPASS_URL: `http://127.0.0.1:${port}/api/interpreter`,
        },
        encoding: "utf-8",
      },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /^bronze\/baac +unknown \(caracteristiques-2020\.csv is not downloaded yet/m,
    );
    assert.match(
      result.stdout,
      /^bronze\/roads +unknown \(Roads of département 988 are not downloaded yet \(cache /m,
    );
    assert.doesNotMatch(result.stdout, /ECONNREFUSED|downloading roads/);
    assert.match(
      result.stdout,
      /^bronze\/accidents_nc +stale \(upstream bronze\/baac is unknown\) {2}last: snapshot 2,/m,
    );
  });

  test("failed asset exits non-zero", () => {
    const empty = tempDir("cli-empty");
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(repoRoot, "pipeline/assets/cli.ts"),
        "materialize",
        "--select",
        "+bronze/accidents_nc",
      ],
      { cwd: repoRoot, env: { ...env, ACCIDENTS_SOURCE: empty }, encoding: "utf-8" },
    );
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /^bronze\/baac +FAILED after [\d.]+ s: No BAAC files for years 2020 in /m,
    );
    assert.match(result.stdout, /^bronze\/accidents_nc +not run {2}\(an earlier asset failed\)$/m);
  });

  test("snapshots and gc", () => {
    const snapshots = pipeline("snapshots");
    assert.equal(snapshots.code, 0);
    assert.match(snapshots.stdout, /^ {4}3 {2}\S+ {2}accidents-nc pipeline {2}Record run /m);
    assert.match(
      snapshots.stdout,
      /^ {4}1 {2}\S+ {2}accidents-nc pipeline {2}Materialize bronze\/baac \(run /m,
    );

    const gc = pipeline("gc", "--dry-run");
    assert.equal(gc.code, 0, gc.stderr);
    assert.match(gc.stdout, /^Would expire snapshots: none; would delete 0 files/m);

    // The same forms as `npm run lake -- gc`; the test lake's snapshots are minutes old.
    for (const when of ["30d", "30", "2000-01-01"]) {
      const old = pipeline("gc", "--dry-run", "--older-than", when);
      assert.equal(old.code, 0, `${when}: ${old.stderr}`);
      assert.match(old.stdout, /^Would expire snapshots: none; would delete 0 files/m, when);
    }
    const bad = pipeline("gc", "--older-than", "30x");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid --older-than "30x": expected a number of days such as 30 /);
  });
});
