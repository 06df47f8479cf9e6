// The common shape every road source is read into, before the network is built from it.
import type { LonLat } from "../geo/distance.ts";

/** One polyline of a road source with the OpenStreetMap-style attributes it carries. */
export interface RoadLine {
  /** Unique over all sources: `<source>:<feature index>` or `<source>:way/<id>.<part>`. */
  segmentId: string;
  /** The file's name without its extension, or `overpass-988`. */
  source: string;
  coordinates: LonLat[];
  highway?: string;
  maxspeed?: string;
  name?: string;
  ref?: string;
}

/** The lines read from one source, and a count of the features left out. */
export interface RoadSourceResult {
  lines: RoadLine[];
  /** Features or ways that were not drivable lines, or had fewer than two points. */
  skipped: number;
}

/** Drops consecutive repeated points; returns undefined when fewer than two points remain. */
export function cleanCoordinates(points: LonLat[]): LonLat[] | undefined {
  const distinct: LonLat[] = [];
  for (const point of points) {
    const last = distinct[distinct.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) distinct.push(point);
  }
  return distinct.length >= 2 ? distinct : undefined;
}
