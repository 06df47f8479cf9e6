// The road network: segments with class, speed limit and length, and intersections, the points
// where three or more segment ends meet. Lines that cross without sharing an end point (bridges,
// interchanges) are not intersections.
import { length as turfLength, lineString } from "@turf/turf";
import type { RoadLine } from "../sources/road-line.ts";
import type { LonLat } from "./distance.ts";
import {
  DEFAULT_SPEED_KMH,
  parseMaxspeedKmh,
  type RoadClass,
  roadClassOf,
} from "./road-classes.ts";

export interface RoadSegment {
  segmentId: string;
  coordinates: LonLat[];
  roadClass: RoadClass;
  /** km/h: the source's `maxspeed`, else the class default. */
  speedLimit: number;
  speedImputed: boolean;
  name: string | null;
  lengthM: number;
  source: string;
}

export interface RoadNode {
  nodeId: number;
  latitude: number;
  longitude: number;
  /** Segment ends meeting at the point. */
  degree: number;
}

/** Segment ends closer than this (1e-6°, about 0.1 m) are the same point. */
export const END_POINT_PRECISION_DEGREES = 1e-6;

/** Minimum number of segment ends that makes a point an intersection. */
export const MIN_INTERSECTION_DEGREE = 3;

/** Turns source lines into segments with their class, speed limit and length in metres. */
export function buildRoadSegments(lines: RoadLine[]): RoadSegment[] {
  const seen = new Set<string>();
  return lines.map((line) => {
    if (seen.has(line.segmentId)) {
      throw new Error(`Duplicate road segment id ${line.segmentId}: source labels must differ.`);
    }
    seen.add(line.segmentId);

    const roadClass = roadClassOf(line.highway);
    const parsedSpeed = parseMaxspeedKmh(line.maxspeed);
    return {
      segmentId: line.segmentId,
      coordinates: line.coordinates,
      roadClass,
      speedLimit: parsedSpeed ?? DEFAULT_SPEED_KMH[roadClass],
      speedImputed: parsedSpeed === undefined,
      name: line.name ?? line.ref ?? null,
      lengthM: turfLength(lineString(line.coordinates.map((p) => [p[0], p[1]])), {
        units: "meters",
      }),
      source: line.source,
    };
  });
}

/** Finds the points where at least `minDegree` segment ends meet, with ends rounded to 1e-6°.
 *  Node ids follow latitude then longitude, so the same roads always give the same ids. */
export function findIntersections(
  segments: ReadonlyArray<{ coordinates: LonLat[] }>,
  minDegree = MIN_INTERSECTION_DEGREE,
): RoadNode[] {
  const scale = 1 / END_POINT_PRECISION_DEGREES;
  const ends = new Map<string, { lon: number; lat: number; degree: number }>();
  for (const { coordinates } of segments) {
    for (const point of [coordinates[0], coordinates[coordinates.length - 1]]) {
      const lon = Math.round(point[0] * scale);
      const lat = Math.round(point[1] * scale);
      const key = `${lon},${lat}`;
      const entry = ends.get(key);
      if (entry) entry.degree++;
      else ends.set(key, { lon, lat, degree: 1 });
    }
  }

  return [...ends.values()]
    .filter((end) => end.degree >= minDegree)
    .sort((a, b) => a.lat - b.lat || a.lon - b.lon)
    .map((end, index) => ({
      nodeId: index + 1,
      latitude: end.lat / scale,
      longitude: end.lon / scale,
      degree: end.degree,
    }));
}

/** Counts distinct segment end points (rounded to 1e-6°); a check on how a network was cut. */
export function countDistinctEnds(segments: ReadonlyArray<{ coordinates: LonLat[] }>): number {
  const scale = 1 / END_POINT_PRECISION_DEGREES;
  const keys = new Set<string>();
  for (const { coordinates } of segments) {
    for (const point of [coordinates[0], coordinates[coordinates.length - 1]]) {
      keys.add(`${Math.round(point[0] * scale)},${Math.round(point[1] * scale)}`);
    }
  }
  return keys.size;
}
