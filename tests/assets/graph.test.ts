// Selection and ordering on a small graph: raw → clean → {report, model} → site.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defineAsset, type AssetDefinition, type AssetKey } from "../../pipeline/assets/define.ts";
import { AssetGraph } from "../../pipeline/assets/graph.ts";

function asset(key: AssetKey, deps: AssetKey[] = []): AssetDefinition {
  return defineAsset({
    key,
    group: key.split("/")[0] as AssetDefinition["group"],
    deps,
    description: key,
    tables: [],
    codeVersion: "1",
    parameters: () => ({}),
    materialize: async () => ({ rows: 0 }),
  });
}

// Declared out of order on purpose: the graph orders by deps, not by declaration.
const assets = [
  asset("gold/site", ["gold/report", "gold/model"]),
  asset("bronze/raw"),
  asset("gold/report", ["silver/clean"]),
  asset("silver/clean", ["bronze/raw"]),
  asset("gold/model", ["silver/clean"]),
  asset("bronze/other"),
];
const graph = new AssetGraph(assets);

describe("AssetGraph.select", () => {
  test("KEY selects the asset alone", () => {
    assert.deepEqual(graph.select(["silver/clean"]), ["silver/clean"]);
  });

  test("+KEY adds upstream in order", () => {
    assert.deepEqual(graph.select(["+gold/report"]), ["bronze/raw", "silver/clean", "gold/report"]);
  });

  test("KEY+ adds downstream in order", () => {
    assert.deepEqual(graph.select(["silver/clean+"]), [
      "silver/clean",
      "gold/report",
      "gold/model",
      "gold/site",
    ]);
  });

  test("+KEY+ adds both", () => {
    assert.deepEqual(graph.select(["+gold/model+"]), [
      "bronze/raw",
      "silver/clean",
      "gold/model",
      "gold/site",
    ]);
  });

  test("* selects every asset, deps first", () => {
    const all = graph.select(["*"]);
    assert.equal(all.length, 6);
    for (const a of assets) {
      for (const dep of a.deps)
        assert.ok(all.indexOf(dep) < all.indexOf(a.key), `${dep} before ${a.key}`);
    }
  });

  test("terms combine, commas too", () => {
    assert.deepEqual(graph.select(["bronze/other,gold/model", "bronze/raw"]), [
      "bronze/raw",
      "gold/model",
      "bronze/other",
    ]);
  });

  test("unknown key lists the known ones", () => {
    assert.throws(
      () => graph.select(["silver/nope"]),
      /Unknown asset silver\/nope\. Known assets: gold\/site, bronze\/raw/,
    );
  });
});

describe("AssetGraph validation", () => {
  test("cycle is named", () => {
    assert.throws(
      () => new AssetGraph([asset("silver/a", ["silver/b"]), asset("silver/b", ["silver/a"])]),
      /silver\/a, silver\/b depend on each other in a cycle/,
    );
  });

  test("dep on an undeclared asset", () => {
    assert.throws(
      () => new AssetGraph([asset("silver/a", ["bronze/missing"])]),
      /silver\/a depends on bronze\/missing, which no stage declares/,
    );
  });

  test("duplicate key", () => {
    assert.throws(
      () => new AssetGraph([asset("bronze/raw"), asset("bronze/raw")]),
      /declared twice/,
    );
  });

  test("key must start with its group", () => {
    assert.throws(
      () => defineAsset({ ...asset("bronze/raw"), group: "silver" }),
      /key must start with its group "silver\/"/,
    );
  });
});
