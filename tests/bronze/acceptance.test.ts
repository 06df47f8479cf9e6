// The official 2020 and 2021 files through the bronze assets, checked against figures counted
// independently of this code (the shared data's README: 602 accidents, 1,651 victims…).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { materialize, type RunSummary } from "../../pipeline/assets/runner.ts";
import { readSettings } from "../../pipeline/config.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { bronzeAssets } from "../../pipeline/stages/bronze/index.ts";
import { sharedPath } from "../support/shared.ts";
import { tempLake } from "./support.ts";

describe("BAAC 2020 and 2021 for New Caledonia", () => {
  let lake: Lake;
  let first: RunSummary;
  let settings: ReturnType<typeof readSettings>;

  before(async () => {
    const created = await tempLake();
    lake = created.lake;
    settings = readSettings({
      ...created.env,
      ACCIDENTS_SOURCE: sharedPath("data", "baac"),
      ACCIDENTS_YEARS: "2020,2021",
    });
    first = await materialize(["+bronze/accidents_nc"], {
      assets: bronzeAssets,
      lake,
      settings,
      log: () => {},
    });
  });
  after(() => lake.close());

  async function scalar(sql: string): Promise<unknown> {
    const [row] = await lake.query(sql);
    return Object.values(row)[0];
  }

  test("both assets materialize", () => {
    assert.deepEqual(
      first.outcomes.map((outcome) => [outcome.key, outcome.status]),
      [
        ["bronze/baac", "materialized"],
        ["bronze/accidents_nc", "materialized"],
      ],
    );
  });

  test("caracteristiques holds all of France", async () => {
    const view = await lake.read("bronze.caracteristiques");
    assert.equal(await scalar(`SELECT count(*) FROM ${view}`), 104_262);
  });

  test("accidents of the département", async () => {
    const view = await lake.read("bronze.accidents_nc");
    assert.equal(await scalar(`SELECT count(*) FROM ${view}`), 602);
    assert.equal(await scalar(`SELECT count(DISTINCT num_acc) FROM ${view}`), 602);
    assert.equal(await scalar(`SELECT count(*) FROM ${view} WHERE year = 2020`), 333);
    assert.equal(await scalar(`SELECT count(*) FROM ${view} WHERE year = 2021`), 269);
    assert.equal(await scalar(`SELECT sum(n_victims) FROM ${view}`), 1_651);
    assert.equal(await scalar(`SELECT count(*) FROM ${view} WHERE n_killed >= 1`), 75);
    assert.equal(await scalar(`SELECT count(*) FROM ${view} WHERE severity = 2`), 75);
  });

  test("Loyalty Islands accidents are kept", async () => {
    const view = await lake.read("bronze.accidents_nc");
    assert.equal(await scalar(`SELECT count(*) FROM ${view} WHERE longitude > 168.0`), 3);
    assert.equal(await scalar(`SELECT round(max(longitude), 2) FROM ${view}`), 168.11);
    assert.equal(await scalar(`SELECT round(min(latitude), 2) FROM ${view}`), -22.67);
  });

  test("communes and weather match the source", async () => {
    const view = await lake.read("bronze.accidents_nc");
    const communes = await lake.query<{ com: string; n: number }>(
      `SELECT com, count(*) AS n FROM ${view} GROUP BY com ORDER BY n DESC LIMIT 4`,
    );
    assert.deepEqual(
      communes.map((row) => [row.com, row.n]),
      [
        ["98818", 339],
        ["98817", 35],
        ["98821", 27],
        ["98805", 23],
      ],
    );
    const weather = await lake.query<{ atm: number; n: number }>(
      `SELECT atm, count(*) AS n FROM ${view} GROUP BY atm ORDER BY atm`,
    );
    assert.deepEqual(
      weather.map((row) => [row.atm, row.n]),
      [
        [1, 492],
        [2, 66],
        [3, 28],
        [5, 3],
        [7, 6],
        [8, 7],
      ],
    );
  });

  test("event time is local time from jour, mois, an and hrmn", async () => {
    // "202000000102";"6";"3";"2020";"00:00" in caracteristiques-2020.csv.
    const view = await lake.read("bronze.accidents_nc");
    const time = await scalar(
      `SELECT strftime(event_time, '%Y-%m-%d %H:%M') FROM ${view} WHERE num_acc = '202000000102'`,
    );
    assert.equal(time, "2020-03-06 00:00");
  });

  test("vehicle ids lose their non-breaking spaces", async () => {
    // First row of vehicules-2020.csv: "202000000001";"154\u00a0742\u00a0274";"B01";…
    const view = await lake.read("bronze.vehicules");
    const [row] = await lake.query<{ id_vehicule: string; line: number }>(
      `SELECT id_vehicule, line FROM ${view} WHERE num_acc = '202000000001' ORDER BY line LIMIT 1`,
    );
    assert.equal(row.id_vehicule, "154742274");
    assert.equal(row.line, 2);
  });

  test("unknown codes are NULL", async () => {
    // Same accident in usagers-2020.csv: secu3, locp, actp and etatp are " -1".
    const view = await lake.read("bronze.usagers");
    const [row] = await lake.query<Record<string, unknown>>(
      `SELECT secu2, secu3, locp, actp, etatp FROM ${view} WHERE line = 2 AND year = 2020`,
    );
    assert.deepEqual(row, { secu2: 0, secu3: null, locp: null, actp: null, etatp: null });
  });

  test("source files are recorded with checksums", async () => {
    const view = await lake.read("bronze.source_files");
    const rows = await lake.query<{ source_file: string; sha256: string; rows: number }>(
      `SELECT source_file, sha256, rows FROM ${view} WHERE kind = 'usagers' ORDER BY year`,
    );
    assert.deepEqual(
      rows.map((row) => [row.source_file, row.rows]),
      [
        ["usagers-2020.csv.gz", 105_295],
        ["usagers-2021.csv.gz", 129_153],
      ],
    );
    assert.match(rows[0].sha256, /^[0-9a-f]{64}$/);
  });

  test("second run commits nothing", async () => {
    const snapshot = await lake.currentSnapshot();
    const lines: string[] = [];
    const second = await materialize(["+bronze/accidents_nc"], {
      assets: bronzeAssets,
      lake,
      settings,
      log: (line) => lines.push(line),
    });

    assert.equal(second.committed, false);
    assert.deepEqual(
      second.outcomes.map((outcome) => outcome.status),
      ["fresh", "fresh"],
    );
    assert.equal(await lake.currentSnapshot(), snapshot);
    assert.equal(lines[lines.length - 1], "Every asset is fresh; nothing committed.");
  });
});
