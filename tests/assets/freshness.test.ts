// Why an asset is stale: each part of the fingerprint, compared with the last materialisation.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  assessFreshness,
  inputChecksums,
  stableJson,
  type Fingerprint,
  type LastMaterialization,
} from "../../pipeline/assets/freshness.ts";

const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);

const built: Fingerprint = {
  codeVersion: "1",
  parameters: { department: "988", years: [2020, 2021] },
  inputs: { "lieux-2020.csv.gz": SHA_A },
  upstream: { "bronze/baac": 4 },
};

const last: LastMaterialization = {
  runId: "20261204T170000Z-abcd",
  snapshotId: 5,
  endedAt: new Date("2026-12-04T17:00:00Z"),
  rows: 602,
  fingerprint: built,
};

function reasons(now: Fingerprint, missing: string[] = []): string[] {
  const result = assessFreshness(now, last, missing);
  return result.fresh ? [] : result.reasons;
}

describe("assessFreshness", () => {
  test("same fingerprint is fresh", () => {
    assert.deepEqual(assessFreshness(structuredClone(built), last), { fresh: true });
  });

  test("key order does not matter", () => {
    const reordered = { ...built, parameters: { years: [2020, 2021], department: "988" } };
    assert.deepEqual(assessFreshness(reordered, last), { fresh: true });
  });

  test("never materialized", () => {
    assert.deepEqual(assessFreshness(built, undefined), {
      fresh: false,
      reasons: ["never materialized"],
    });
  });

  test("code version", () => {
    assert.deepEqual(reasons({ ...built, codeVersion: "2" }), ["code version 1 -> 2"]);
  });

  test("parameters", () => {
    assert.deepEqual(reasons({ ...built, parameters: { department: "971", years: [2020] } }), [
      'parameter department "988" -> "971"',
      "parameter years [2020,2021] -> [2020]",
    ]);
  });

  test("input checksums", () => {
    assert.deepEqual(
      reasons({ ...built, inputs: { "lieux-2020.csv.gz": SHA_B, "lieux-2021.csv.gz": SHA_A } }),
      [
        "input lieux-2020.csv.gz changed (sha256 aaaaaaaaaaaa -> bbbbbbbbbbbb)",
        "new input lieux-2021.csv.gz",
      ],
    );
    assert.deepEqual(reasons({ ...built, inputs: {} }), ["input lieux-2020.csv.gz removed"]);
  });

  test("upstream snapshot", () => {
    assert.deepEqual(reasons({ ...built, upstream: { "bronze/baac": 9 } }), [
      "upstream bronze/baac changed (snapshot 4 -> 9)",
    ]);
  });

  test("missing table", () => {
    assert.deepEqual(reasons(built, ["bronze.accidents_nc"]), [
      "table bronze.accidents_nc missing from the lake",
    ]);
  });
});

describe("helpers", () => {
  test("inputChecksums keys by file name", () => {
    assert.deepEqual(inputChecksums([{ path: "/data/baac/usagers-2020.csv.gz", sha256: SHA_A }]), {
      "usagers-2020.csv.gz": SHA_A,
    });
  });

  test("stableJson sorts nested keys", () => {
    assert.equal(
      stableJson({ b: 1, a: { d: [2, 1], c: null } }),
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
  });
});
