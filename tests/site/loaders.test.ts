// Parts of the site's loaders that need no lake: road encoding for the offline base map, map
// settings, and the notice for assets that no stage defines yet.
import assert from "node:assert/strict";
import { test } from "node:test";
import { missingAssets, withFreshLake } from "../../data-loaders/lake-access.ts";
import { loadMapSettings } from "../../data-loaders/map-settings.ts";
import { encodeLine, parseWktLines } from "../../data-loaders/roads-encoding.ts";
import { decodeRoads } from "../../src/components/roads.js";

test("WKT linestring parses to lon-lat pairs", () => {
  const lines = parseWktLines("LINESTRING (166.4428 -22.2739, 166.45 -22.28)");
  assert.deepEqual(lines, [[[166.4428, -22.2739], [166.45, -22.28]]]);
});

test("WKT multilinestring keeps its parts", () => {
  const lines = parseWktLines("MULTILINESTRING ((1 2, 3 4), (5 6, 7 8, 9 10))");
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[1], [[5, 6], [7, 8], [9, 10]]);
});

test("WKT of another type is rejected", () => {
  assert.throws(() => parseWktLines("POINT (1 2)"), /expected LINESTRING or MULTILINESTRING/);
});

test("encoded road decodes to rounded points", () => {
  // Nouméa's centre, then 120 m east: 1e-4 degree steps, as the encoding keeps.
  const line = [[166.44281, -22.27391], [166.44401, -22.27389]];
  const encoded = encodeLine(3, line);
  assert.deepEqual(encoded, [3, -222739, 1664428, 0, 12]);

  const classes = ["a", "b", "c", "trunk"];
  const [road] = decodeRoads({ scale: 10_000, classes, roads: [encoded] });
  assert.equal(road.roadClass, "trunk");
  assert.deepEqual(road.points, [[-22.2739, 166.4428], [-22.2739, 166.444]]);
});

test("points rounding to the previous are dropped", () => {
  const line = [[166.44281, -22.27391], [166.44282, -22.27392], [166.445, -22.27]];
  const encoded = encodeLine(0, line);
  assert.deepEqual(encoded, [0, -222739, 1664428, 39, 22]);
});

test("map tiles default to OpenStreetMap", () => {
  const { tiles } = loadMapSettings({});
  assert.equal(tiles.url, "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
  assert.match(tiles.attribution, /OpenStreetMap/);
});

test("map tiles follow MAP_TILE_URL", () => {
  const { tiles } = loadMapSettings({
    MAP_TILE_URL: "http://127.0.0.1:8080/{z}/{x}/{y}.png",
    MAP_TILE_ATTRIBUTION: "Tuiles locales",
  });
  assert.equal(tiles.url, "http://127.0.0.1:8080/{z}/{x}/{y}.png");
  assert.equal(tiles.attribution, "Tuiles locales");
});

test("undefined asset gives an unavailable page", async () => {
  let queried = false;
  const result = await withFreshLake(["gold/not_defined"], async () => {
    queried = true;
    return {};
  });

  assert.equal(result.available, false);
  assert.equal(queried, false);
  assert.deepEqual(!result.available && result.missingAssets, ["gold/not_defined"]);
  assert.match(!result.available ? result.reason : "", /gold\/not_defined n'existe pas encore/);
});

test("defined assets are not reported missing", () => {
  const missing = missingAssets(["bronze/accidents_nc", "gold/not_defined"]);
  assert.deepEqual(missing, ["gold/not_defined"]);
});
