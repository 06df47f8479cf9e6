// Bad BAAC input built from real lines. A structural problem fails the asset with file and line,
// and the lake keeps its tables. A bad value goes to bronze.rejected_rows.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { materialize, type RunSummary } from "../../pipeline/assets/runner.ts";
import { readSettings } from "../../pipeline/config.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { bronzeAssets } from "../../pipeline/stages/bronze/index.ts";
import { splitCsvLine } from "../../pipeline/stages/bronze/csv-file.ts";
import { NC_ACCIDENTS, realLines, tempLake, writeBaacFolder } from "./support.ts";

/** Rewrites field `name` of data row `row` (1 = first after the header), every field quoted. */
function setField(lines: string[], row: number, name: string, value: string): string[] {
  const header = splitCsvLine(lines[0]).fields;
  const index = header.indexOf(name);
  assert.ok(index >= 0, `no column ${name} in ${header.join(",")}`);
  const fields = splitCsvLine(lines[row]).fields;
  fields[index] = value;
  const copy = [...lines];
  copy[row] = fields.map((field) => `"${field}"`).join(";");
  return copy;
}

async function run(lake: Lake, env: Record<string, string>, folder: string): Promise<RunSummary> {
  const settings = readSettings({ ...env, ACCIDENTS_SOURCE: folder, ACCIDENTS_YEARS: "2020" });
  return materialize(["+bronze/accidents_nc"], {
    assets: bronzeAssets,
    lake,
    settings,
    log: () => {},
  });
}

function failure(summary: RunSummary): string {
  const failed = summary.outcomes.find((outcome) => outcome.status === "failed");
  assert.ok(failed, `expected a failed asset, got ${JSON.stringify(summary.outcomes)}`);
  return failed.error ?? "";
}

async function rejected(lake: Lake): Promise<Array<Record<string, unknown>>> {
  const view = await lake.read("bronze.rejected_rows");
  return lake.query(`SELECT source_file, line, field, value, reason FROM ${view} ORDER BY line`);
}

/** Rejected rows as [file, line, field, value, reason], in file then line order. */
async function rejectedByFile(lake: Lake): Promise<unknown[][]> {
  const view = await lake.read("bronze.rejected_rows");
  const rows = await lake.query(`SELECT source_file, line, field, value, reason FROM ${view}
    ORDER BY source_file, line`);
  return rows.map((row) => [row.source_file, row.line, row.field, row.value, row.reason]);
}

async function accidentIds(lake: Lake): Promise<string[]> {
  const view = await lake.read("bronze.accidents_nc");
  const rows = await lake.query<{ num_acc: string }>(`SELECT num_acc FROM ${view} ORDER BY 1`);
  return rows.map((row) => row.num_acc);
}

describe("structural problems", () => {
  let lake: Lake;
  let env: Record<string, string>;
  let tablesBefore: string;

  before(async () => {
    ({ lake, env } = await tempLake());
    const good = await run(lake, env, writeBaacFolder());
    assert.equal(good.failed, false);
    tablesBefore = JSON.stringify(await lake.tables());
  });
  after(() => lake.close());

  async function assertTablesKept() {
    const tables = (await lake.tables()).filter((table) => table.table.startsWith("bronze."));
    const before = (JSON.parse(tablesBefore) as typeof tables).filter((t) =>
      t.table.startsWith("bronze."),
    );
    assert.deepEqual(tables, before);
  }

  test("truncated file fails naming the line", async () => {
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => [...lines.slice(0, -1), lines[lines.length - 1].slice(0, 40)],
    });
    const error = failure(await run(lake, env, folder));
    assert.match(error, /caracteristiques-2020\.csv, line 3: the file is truncated/);
    await assertTablesKept();
  });

  test("header-only file fails naming it", async () => {
    // A download cut right after the header, while the other tables still list both accidents.
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => [lines[0]],
    });
    const error = failure(await run(lake, env, folder));
    assert.match(error, /caracteristiques-2020\.csv: the file has a header but no data rows/);
    await assertTablesKept();
  });

  test("truncated gzip fails", async () => {
    const folder = writeBaacFolder();
    rmSync(join(folder, "lieux-2020.csv"));
    const gz = gzipSync(realRowsText("lieux-2020.csv.gz"));
    writeFileSync(join(folder, "lieux-2020.csv.gz"), gz.subarray(0, gz.length - 20));
    const error = failure(await run(lake, env, folder));
    assert.match(error, /lieux-2020\.csv\.gz: the gzip stream is corrupt or truncated/);
    await assertTablesKept();
  });

  test("row with an extra field fails", async () => {
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      vehicules: (lines) => [lines[0], `${lines[1]};"extra"`, ...lines.slice(2)],
    });
    const error = failure(await run(lake, env, folder));
    assert.equal(
      error,
      "vehicules-2020.csv, line 2: the row does not fit the header (Expected Number of " +
        "Columns: 11 Found: 12). Fix the row or get the file again.",
    );
    await assertTablesKept();
  });

  test("wrong delimiter fails on the header", async () => {
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      lieux: (lines) => lines.map((line) => line.replaceAll(";", ",")),
    });
    const error = failure(await run(lake, env, folder));
    assert.match(error, /lieux-2020\.csv, line 1: wrong delimiter: expected ";".*found ","/);
    await assertTablesKept();
  });

  test("missing key column fails", async () => {
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      usagers: (lines) => [lines[0].replace('"Num_Acc"', '"Numero"'), ...lines.slice(1)],
    });
    const error = failure(await run(lake, env, folder));
    assert.match(error, /usagers-2020\.csv, line 1: missing column Num_Acc or Accident_Id/);
    await assertTablesKept();
  });

  test("unknown encoding fails", async () => {
    const folder = writeBaacFolder();
    const text = realRowsText("caracteristiques-2020.csv.gz");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    writeFileSync(join(folder, "caracteristiques-2020.csv"), utf16);
    const error = failure(await run(lake, env, folder));
    assert.match(error, /caracteristiques-2020\.csv, line 1: unknown encoding/);
    await assertTablesKept();
  });
});

function realRowsText(file: string): string {
  const [header, ...rows] = realLines(file);
  return [
    header,
    ...rows.filter((row) => NC_ACCIDENTS.some((id) => row.startsWith(`"${id}"`))),
  ].join("\n");
}

describe("published layouts", () => {
  test("Latin-1 file is decoded", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder();
    const lines = setField(
      realRowsText("caracteristiques-2020.csv.gz").split("\n"),
      1,
      "adr",
      "RUE DE L'ÉGLISE",
    );
    writeFileSync(
      join(folder, "caracteristiques-2020.csv"),
      Buffer.from(lines.join("\n"), "latin1"),
    );

    assert.equal((await run(lake, env, folder)).failed, false);
    const view = await lake.read("bronze.accidents_nc");
    const rows = await lake.query<{ adr: string }>(`SELECT adr FROM ${view} ORDER BY num_acc`);
    assert.equal(rows[0].adr, "RUE DE L'ÉGLISE");
    await lake.close();
  });

  test("Accident_Id and id_usager layouts", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => [
        lines[0].replace('"Num_Acc"', '"Accident_Id"'),
        ...lines.slice(1),
      ],
      usagers: (lines) =>
        lines.map((line, i) =>
          line.replace(/^("[^"]*");/, `$1;"${i === 0 ? "id_usager" : `1 00${i}`}";`),
        ),
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    assert.deepEqual(await accidentIds(lake), NC_ACCIDENTS);
    const view = await lake.read("bronze.usagers");
    const ids = await lake.query<{ id_usager: string }>(
      `SELECT id_usager FROM ${view} ORDER BY line`,
    );
    assert.equal(ids[0].id_usager, "1001");
    await lake.close();
  });
});

describe("rejected values", () => {
  test("duplicate accident id keeps the first row", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => [...lines, lines[1]],
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    assert.deepEqual(await accidentIds(lake), NC_ACCIDENTS);
    const [row] = await rejected(lake);
    assert.equal(row.line, 4);
    assert.equal(row.field, "num_acc");
    assert.match(
      String(row.reason),
      /duplicate accident id, first seen in caracteristiques-2020\.csv line 2/,
    );
    await lake.close();
  });

  test("coordinates outside the territory", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => setField(lines, 2, "long", "2,3522000"),
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    assert.deepEqual(await accidentIds(lake), [NC_ACCIDENTS[0]]);
    const [row] = await rejected(lake);
    assert.equal(row.line, 3);
    assert.equal(row.value, "-22.25012,2.3522");
    assert.equal(row.reason, "outside the territory of département 988");
    await lake.close();
  });

  test("impossible date and time", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) =>
        setField(setField(setField(lines, 1, "jour", "31"), 1, "mois", "2"), 2, "hrmn", "25:70"),
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    assert.deepEqual(await accidentIds(lake), []);
    const rows = await rejected(lake);
    assert.deepEqual(
      rows.map((row) => [row.line, row.field, row.value, row.reason]),
      [
        [2, "jour", "2020-2-31", "impossible date (an-mois-jour)"],
        [3, "hrmn", "25:70", "impossible time (expected HH:MM)"],
      ],
    );
    await lake.close();
  });

  test("an differing from the file year", async () => {
    const { lake, env } = await tempLake();
    // Accident 202000000081 happened on 2020-03-08; its edited row has an = 2019 instead.
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => setField(lines, 1, "an", "2019"),
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    assert.deepEqual(await accidentIds(lake), [NC_ACCIDENTS[1]]);

    // The accident's lieux, vehicules and usagers rows go with it.
    const orphan = (file: string, line: number) => [file, line, "num_acc", NC_ACCIDENTS[0],
      "no accident with this id in caracteristiques; row dropped"];
    assert.deepEqual(await rejectedByFile(lake), [
      ["caracteristiques-2020.csv", 2, "an", "2019",
        "year 2019 differs from the file's year 2020; row dropped"],
      orphan("lieux-2020.csv", 2),
      ...[2, 3, 4, 5, 6].map((line) => orphan("usagers-2020.csv", line)),
      ...[2, 3].map((line) => orphan("vehicules-2020.csv", line)),
    ]);
    await lake.close();
  });

  test("accident id of another year", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => setField(lines, 2, "Num_Acc", "201900000102"),
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    assert.deepEqual(await accidentIds(lake), [NC_ACCIDENTS[0]]);
    const orphan = (file: string, line: number) => [file, line, "num_acc", NC_ACCIDENTS[1],
      "no accident with this id in caracteristiques; row dropped"];
    assert.deepEqual(await rejectedByFile(lake), [
      ["caracteristiques-2020.csv", 3, "num_acc", "201900000102",
        "accident id does not start with the file's year 2020; row dropped"],
      orphan("lieux-2020.csv", 3),
      orphan("usagers-2020.csv", 7),
      orphan("vehicules-2020.csv", 4),
    ]);
    await lake.close();
  });

  test("rows of a missing accident", async () => {
    const { lake, env } = await tempLake();
    // The caracteristiques row of 202000000102 is gone; its other rows stay in their files.
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      caracteristiques: (lines) => lines.slice(0, 2),
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    const orphan = (file: string, line: number) => [file, line, "num_acc", NC_ACCIDENTS[1],
      "no accident with this id in caracteristiques; row dropped"];
    assert.deepEqual(await rejectedByFile(lake), [
      orphan("lieux-2020.csv", 3),
      orphan("usagers-2020.csv", 7),
      orphan("vehicules-2020.csv", 4),
    ]);
    for (const table of ["lieux", "vehicules", "usagers"] as const) {
      const view = await lake.read(`bronze.${table}`);
      const ids = await lake.query(`SELECT DISTINCT num_acc FROM ${view}`);
      assert.deepEqual(ids, [{ num_acc: NC_ACCIDENTS[0] }], table);
    }
    await lake.close();
  });

  test("CRLF and blank lines keep line numbers", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder();
    const lines = setField(realRowsText("usagers-2020.csv.gz").split("\n"), 2, "grav", "X");
    const crlf = [lines[0], lines[1], "", ...lines.slice(2)].join("\r\n") + "\r\n\r\n\r\n";
    writeFileSync(join(folder, "usagers-2020.csv"), crlf);

    assert.equal((await run(lake, env, folder)).failed, false);
    const rows = await rejected(lake);
    assert.deepEqual(
      rows.map((row) => [row.line, row.field, row.value]),
      [[4, "grav", "X"]],
    );
    await lake.close();
  });

  test("code that is not an integer", async () => {
    const { lake, env } = await tempLake();
    const folder = writeBaacFolder(NC_ACCIDENTS, {
      usagers: (lines) => setField(setField(lines, 1, "grav", "X"), 2, "grav", "7"),
    });

    assert.equal((await run(lake, env, folder)).failed, false);
    const rows = await rejected(lake);
    assert.deepEqual(
      rows.map((row) => [row.source_file, row.line, row.field, row.value, row.reason]),
      [
        ["usagers-2020.csv", 2, "grav", "X", "not an integer"],
        ["usagers-2020.csv", 3, "grav", "7", "outside 1..4"],
      ],
    );
    await lake.close();
  });
});
