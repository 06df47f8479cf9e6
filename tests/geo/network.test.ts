import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineString, point, pointToLineDistance } from "@turf/turf";
import {
  buildRoadSegments,
  countDistinctEnds,
  findIntersections,
} from "../../pipeline/geo/network.ts";
import { PointIndex } from "../../pipeline/geo/point-index.ts";
import { RoadIndex } from "../../pipeline/geo/road-index.ts";
import type { RoadLine } from "../../pipeline/sources/road-line.ts";
import { readRoadSources } from "../../pipeline/sources/roads.ts";
import { sharedPath } from "../support/shared.ts";

function line(segmentId: string, coordinates: Array<[number, number]>, highway?: string): RoadLine {
  return { segmentId, source: "test", coordinates, highway };
}

// Three streets meeting at one point in Nouméa, and a fourth crossing one of them on a bridge.
const junction: [number, number] = [166.45, -22.27];
const streets = [
  line("a", [junction, [166.451, -22.27]], "residential"),
  line("b", [[166.449, -22.27], junction], "primary"),
  line("c", [
    [166.45, -22.269],
    [166.4500003, -22.2699997],
  ]),
  line(
    "bridge",
    [
      [166.4505, -22.271],
      [166.4505, -22.269],
    ],
    "trunk",
  ),
];

describe("findIntersections", () => {
  it("finds the point where three ends meet, within 1e-6°", () => {
    const nodes = findIntersections(streets);
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0].degree, 3);
    assert.equal(nodes[0].latitude, -22.27);
    assert.equal(nodes[0].longitude, 166.45);
  });

  it("reads Nouméa's road database as documented", async () => {
    const { lines } = await readRoadSources({
      sources: [sharedPath("data", "roads", "noumea-bdroute.geojson")],
      department: "988",
      cacheDir: "unused",
      overpassUrl: "unused",
    });
    const segments = buildRoadSegments(lines);
    const kilometres = segments.reduce((sum, s) => sum + s.lengthM, 0) / 1000;
    assert.equal(lines.length, 9526, "9,524 LineStrings and the 2 parts of a MultiLineString");
    assert.equal(Math.round(kilometres * 10) / 10, 936.9);
    assert.equal(countDistinctEnds(segments), 7764);
    assert.equal(findIntersections(segments).length, 5077);
  });
});

describe("buildRoadSegments", () => {
  it("imputes speed from the class when maxspeed is missing", () => {
    const [residential, primary, unknown] = buildRoadSegments(streets);
    assert.equal(residential.speedLimit, 50);
    assert.equal(residential.speedImputed, true);
    assert.equal(primary.roadClass, "primary");
    assert.equal(primary.speedLimit, 90);
    assert.equal(unknown.roadClass, "unknown");
  });

  it("keeps a parsed maxspeed", () => {
    const [segment] = buildRoadSegments([{ ...streets[0], maxspeed: "70" }]);
    assert.equal(segment.speedLimit, 70);
    assert.equal(segment.speedImputed, false);
  });

  it("rejects duplicate segment ids", () => {
    assert.throws(() => buildRoadSegments([streets[0], streets[0]]), /Duplicate road segment id a/);
  });
});

describe("RoadIndex", () => {
  const index = new RoadIndex(streets);

  it("finds the nearest road as turf measures it", () => {
    const [lon, lat] = [166.4503, -22.2712];
    const nearest = index.nearest(lat, lon);
    const expected = Math.min(
      ...streets.map((s) =>
        pointToLineDistance(point([lon, lat]), lineString(s.coordinates.map((p) => [p[0], p[1]])), {
          units: "meters",
        }),
      ),
    );
    assert.equal(streets[nearest.segmentIndex].segmentId, "bridge");
    assert.ok(Math.abs(nearest.distanceM - expected) < 0.05, `${nearest.distanceM} vs ${expected}`);
  });

  it("finds a road several kilometres away", () => {
    const nearest = index.nearest(-22.3, 166.45);
    // The bridge's south end is 0.029° of latitude (about 3.2 km) north of the point.
    assert.ok(nearest.distanceM > 3000);
    assert.ok(nearest.distanceM < 3500);
  });

  it("measures road length in a circle", () => {
    // Around the junction, 50 m of each street lies inside a 50 m circle: b and a along the
    // east-west line, c along the north-south line (c is about 111 m long).
    const inside = index.lengthWithinMeters(-22.27, 166.45, 50);
    assert.ok(Math.abs(inside - 150) < 0.5, `${inside}`);
  });

  it("samples points on the roads", () => {
    const start = index.pointAlong(0);
    assert.deepEqual([start.longitude, start.latitude], junction);
    const end = index.pointAlong(index.totalLengthM);
    assert.equal(end.segmentIndex, 3);
  });
});

describe("PointIndex", () => {
  it("counts points within a radius", () => {
    // 0.001° of latitude is about 111 m.
    const points = new PointIndex([166.45, 166.45, 166.45], [-22.27, -22.271, -22.273]);
    assert.equal(points.countWithinMeters(-22.27, 166.45, 120), 2);
    assert.equal(points.countWithinMeters(-22.27, 166.45, 100), 1);
    assert.equal(new PointIndex([], []).countWithinMeters(-22.27, 166.45, 1000), 0);
  });
});
