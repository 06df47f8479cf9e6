// Distances in metres on WGS84 coordinates. Points are [longitude, latitude] as in GeoJSON.
import { EARTH_RADIUS_KM, haversineKm } from "../features/place.ts";

export type LonLat = readonly [number, number];

export const EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000;

/** Metres per degree of latitude on the sphere of radius `EARTH_RADIUS_M` (about 111,195 m). */
export const METERS_PER_DEGREE_LAT = (EARTH_RADIUS_M * Math.PI) / 180;

/** Great-circle distance in metres; agrees with @turf/turf's `distance` in metres. */
export function distanceMeters(a: LonLat, b: LonLat): number {
  return haversineKm(a[1], a[0], b[1], b[0]) * 1000;
}

/** Metres per degree of longitude at a latitude. */
export function metersPerDegreeLon(latitude: number): number {
  return METERS_PER_DEGREE_LAT * Math.cos((latitude * Math.PI) / 180);
}

/** Half-sizes in degrees of a box that contains the circle of `radiusM` metres around a point
 *  (with 1 % to spare, for the curvature the flat approximation ignores). */
export function degreeBox(latitude: number, radiusM: number): { dLon: number; dLat: number } {
  const spare = 1.01;
  return {
    dLat: (radiusM / METERS_PER_DEGREE_LAT) * spare,
    dLon: (radiusM / metersPerDegreeLon(latitude)) * spare,
  };
}

/**
 * A flat (equirectangular) projection centred on a point, in metres. Within a few kilometres of
 * its centre its distances differ from great-circle ones by far less than a metre, which is why
 * the 200 m and 5 km neighbourhoods use it.
 */
export class LocalProjection {
  readonly metersPerDegreeLon: number;

  constructor(
    readonly longitude: number,
    readonly latitude: number,
  ) {
    this.metersPerDegreeLon = metersPerDegreeLon(latitude);
  }

  x(longitude: number): number {
    return (longitude - this.longitude) * this.metersPerDegreeLon;
  }

  y(latitude: number): number {
    return (latitude - this.latitude) * METERS_PER_DEGREE_LAT;
  }
}

/** Distance in metres from the origin to the segment from (ax, ay) to (bx, by), all in metres. */
export function originToSegmentMeters(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared === 0 ? 0 : -(ax * dx + ay * dy) / lengthSquared;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Length in metres of the part of the segment (ax, ay)-(bx, by) inside the circle of radius
 *  `radiusM` centred on the origin (coordinates in metres). */
export function segmentLengthInCircleMeters(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  radiusM: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const a = dx * dx + dy * dy;
  if (a === 0) return 0;

  // Points a + t·d with |a + t·d|² = r² solve a·t² + b·t + c = 0.
  const b = 2 * (ax * dx + ay * dy);
  const c = ax * ax + ay * ay - radiusM * radiusM;
  const discriminant = b * b - 4 * a * c;
  if (discriminant <= 0) return 0;

  const root = Math.sqrt(discriminant);
  const tEnter = Math.max(0, (-b - root) / (2 * a));
  const tLeave = Math.min(1, (-b + root) / (2 * a));
  return tLeave > tEnter ? (tLeave - tEnter) * Math.sqrt(a) : 0;
}
