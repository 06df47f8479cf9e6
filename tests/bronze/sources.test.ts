// BAAC file discovery under every published name, and downloads into the cache.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { classifyBaacFileName, discoverBaacFiles } from "../../pipeline/sources/baac-files.ts";
import { downloadFile, sha256File } from "../../pipeline/sources/baac-download.ts";
import { BAAC_RESOURCES } from "../../pipeline/sources/baac-resources.ts";
import { sharedPath } from "../support/shared.ts";
import { tempDir } from "./support.ts";

describe("classifyBaacFileName", () => {
  const cases: Array<[string, string, number]> = [
    ["caracteristiques-2020.csv", "caracteristiques", 2020],
    ["carcteristiques-2021.csv.gz", "caracteristiques", 2021],
    ["caract-2023.csv", "caracteristiques", 2023],
    ["Caract_2019.csv", "caracteristiques", 2019],
    ["data_caracteristiques_2022.csv", "caracteristiques", 2022],
    ["lieux-2024.csv", "lieux", 2024],
    ["vehicules-2020.csv.gz", "vehicules", 2020],
    ["usagers-2021.csv", "usagers", 2021],
  ];
  for (const [name, kind, year] of cases) {
    test(name, () => {
      assert.deepEqual(classifyBaacFileName(name), { kind, year });
    });
  }

  test("other files are ignored", () => {
    assert.equal(classifyBaacFileName("README.md"), undefined);
    assert.equal(classifyBaacFileName("lieux-2020.parquet"), undefined);
    assert.equal(classifyBaacFileName("description-2020.csv"), undefined);
  });
});

describe("discoverBaacFiles", () => {
  test("real folder: two years, missing year warned", () => {
    const warnings: string[] = [];
    const files = discoverBaacFiles(sharedPath("data", "baac"), [2019, 2020, 2021], (w) =>
      warnings.push(w),
    );
    assert.equal(files.length, 8);
    assert.deepEqual(
      files.filter((file) => file.year === 2021).map((file) => [file.kind, file.name]),
      [
        ["caracteristiques", "carcteristiques-2021.csv.gz"],
        ["lieux", "lieux-2021.csv.gz"],
        ["vehicules", "vehicules-2021.csv.gz"],
        ["usagers", "usagers-2021.csv.gz"],
      ],
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /No BAAC files for 2019 .*years found there: 2020, 2021/);
  });

  test("incomplete year is an error", () => {
    const folder = tempDir("incomplete");
    writeFileSync(join(folder, "caract-2023.csv"), "");
    writeFileSync(join(folder, "lieux-2023.csv"), "");
    assert.throws(
      () => discoverBaacFiles(folder, [2023], () => {}),
      /Incomplete BAAC year 2023 .*no file for vehicules, usagers/,
    );
  });

  test("two files for one table is an error", () => {
    const folder = tempDir("twice");
    for (const name of ["caract-2023.csv", "carcteristiques-2023.csv.gz"]) {
      writeFileSync(join(folder, name), "");
    }
    assert.throws(
      () => discoverBaacFiles(folder, [2023], () => {}),
      /Two files for caracteristiques-2023/,
    );
  });

  test("no file at all is an error", () => {
    assert.throws(() => discoverBaacFiles(tempDir("empty"), [2020], () => {}), /No BAAC files/);
  });
});

describe("BAAC_RESOURCES", () => {
  test("every year 2019-2024 has four https addresses", () => {
    for (let year = 2019; year <= 2024; year++) {
      const urls = Object.values(BAAC_RESOURCES[year]);
      assert.equal(urls.length, 4, `year ${year}`);
      for (const url of urls)
        assert.match(url, new RegExp(`^https://static\\.data\\.gouv\\.fr/.*${year}\\.csv$`));
    }
  });
});

describe("downloadFile", () => {
  let server: Server;
  let base: string;
  const real = readFileSync(sharedPath("data", "baac", "lieux-2020.csv.gz"));

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === "/lieux-2020.csv.gz") {
        response.writeHead(200, { "content-length": real.length });
        response.end(real);
      } else if (request.url === "/cut.csv.gz") {
        // Announces the whole file but sends half, as a dropped connection would.
        response.writeHead(200, { "content-length": real.length });
        response.end(real.subarray(0, real.length / 2));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  test("writes the file with its checksum", async () => {
    const destination = join(tempDir("download"), "lieux-2020.csv.gz");
    await downloadFile(`${base}/lieux-2020.csv.gz`, destination);
    const expected = await sha256File(sharedPath("data", "baac", "lieux-2020.csv.gz"));
    assert.deepEqual(await sha256File(destination), expected);
    assert.equal(expected.bytes, 626_140);
  });

  test("404 names the address", async () => {
    const destination = join(tempDir("download"), "missing.csv");
    await assert.rejects(downloadFile(`${base}/missing.csv`, destination), /HTTP 404/);
    assert.equal(existsSync(destination), false);
  });

  test("cut transfer leaves no file", async () => {
    const destination = join(tempDir("download"), "cut.csv.gz");
    await assert.rejects(downloadFile(`${base}/cut.csv.gz`, destination), /failed|truncated/);
    assert.equal(existsSync(destination), false);
    assert.equal(existsSync(`${destination}.part`), false);
  });
});
