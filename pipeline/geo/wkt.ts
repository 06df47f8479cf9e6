// WKT for road segments: `LINESTRING (lon lat, lon lat, …)`, the text form `bronze.roads` stores.
import type { LonLat } from "./distance.ts";

/** Writes a LineString; JavaScript's shortest round-trip number form keeps every digit. */
export function lineStringToWkt(coordinates: readonly LonLat[]): string {
  return `LINESTRING (${coordinates.map(([lon, lat]) => `${lon} ${lat}`).join(", ")})`;
}

/** Parses a `LINESTRING (…)`; raises naming `where` and the text when it is anything else. */
export function parseLineStringWkt(wkt: string, where: string): LonLat[] {
  const match = /^\s*LINESTRING\s*\((.*)\)\s*$/i.exec(wkt);
  const points = match?.[1].split(",").map((pair) => pair.trim().split(/\s+/).map(Number));
  const valid =
    points !== undefined &&
    points.length >= 2 &&
    points.every((p) => p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (!valid) {
    throw new Error(
      `${where}: invalid geometry_wkt ${JSON.stringify(wkt.slice(0, 80))}; expected ` +
        "LINESTRING (lon lat, lon lat, …) with at least two points.",
    );
  }
  return points.map((p) => [p[0], p[1]] as const);
}
