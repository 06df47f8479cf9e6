import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { distance as turfDistance, point } from "@turf/turf";
import {
  distanceMeters,
  originToSegmentMeters,
  segmentLengthInCircleMeters,
} from "../../pipeline/geo/distance.ts";

describe("distanceMeters", () => {
  it("agrees with turf between two Nouméa accidents", () => {
    const a = [166.45155, -22.25012] as const;
    const b = [166.44508, -22.30292] as const;
    const expected = turfDistance(point([...a]), point([...b]), { units: "meters" });
    assert.ok(Math.abs(distanceMeters(a, b) - expected) < 1e-6);
  });
});

describe("originToSegmentMeters", () => {
  it("measures to the inside of a segment", () => {
    assert.equal(originToSegmentMeters(3, 4, 3, -4), 3);
  });

  it("measures to the nearer end", () => {
    assert.equal(originToSegmentMeters(3, 4, 6, 8), 5);
  });

  it("handles a segment of zero length", () => {
    assert.equal(originToSegmentMeters(0, 2, 0, 2), 2);
  });
});

describe("segmentLengthInCircleMeters", () => {
  it("clips a diameter", () => {
    assert.equal(segmentLengthInCircleMeters(-10, 0, 10, 0, 5), 10);
  });

  it("clips a chord at distance 3 from the centre of a radius-5 circle", () => {
    // The chord spans x from -4 to 4; the segment starts at x = 0, so 4 m lie inside.
    assert.ok(Math.abs(segmentLengthInCircleMeters(0, 3, 10, 3, 5) - 4) < 1e-12);
  });

  it("returns 0 for a segment outside the circle", () => {
    assert.equal(segmentLengthInCircleMeters(6, 0, 10, 0, 5), 0);
    assert.equal(segmentLengthInCircleMeters(-10, 6, 10, 6, 5), 0);
  });

  it("keeps a segment wholly inside", () => {
    assert.equal(segmentLengthInCircleMeters(-1, 0, 2, 0, 5), 3);
  });
});
