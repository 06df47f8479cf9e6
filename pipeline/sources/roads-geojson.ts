// Reads road polylines from GeoJSON (WGS84): LineString and MultiLineString features, with the
// optional properties `highway`, `maxspeed`, `name` and `ref`.
import type { LonLat } from "../geo/distance.ts";
import { cleanCoordinates, type RoadLine, type RoadSourceResult } from "./road-line.ts";

interface GeoJsonGeometry {
  type?: unknown;
  coordinates?: unknown;
}

interface GeoJsonFeature {
  type?: unknown;
  geometry?: GeoJsonGeometry | null;
  properties?: Record<string, unknown> | null;
}

function optionalText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text ? text : undefined;
}

function readPoints(raw: unknown, where: string): LonLat[] {
  if (!Array.isArray(raw)) throw new Error(`${where}: coordinates must be an array of points.`);
  return raw.map((point, index) => {
    const valid =
      Array.isArray(point) &&
      point.length >= 2 &&
      Number.isFinite(point[0]) &&
      Number.isFinite(point[1]) &&
      Math.abs(point[0]) <= 180 &&
      Math.abs(point[1]) <= 90;
    if (!valid) {
      throw new Error(
        `${where}, point ${index}: invalid position ${JSON.stringify(point)}; expected ` +
          "[longitude, latitude] in WGS84 degrees.",
      );
    }
    return [point[0], point[1]] as const;
  });
}

/** Parses a GeoJSON FeatureCollection (or a single Feature) of road lines. `file` names the
 *  input in error messages; `source` labels every line. */
export function parseRoadGeoJson(text: string, file: string, source: string): RoadSourceResult {
  let document: { type?: unknown; features?: unknown };
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: invalid JSON (${(error as Error).message}).`);
  }

  const features: GeoJsonFeature[] =
    document.type === "Feature" ? [document as GeoJsonFeature] : (document.features as never);
  if (!Array.isArray(features)) {
    throw new Error(`${file}: expected a GeoJSON FeatureCollection with a "features" array.`);
  }

  const lines: RoadLine[] = [];
  let skipped = 0;
  features.forEach((feature, index) => {
    const geometry = feature?.geometry;
    const where = `${file}, feature ${index}`;
    const parts =
      geometry?.type === "LineString"
        ? [readPoints(geometry.coordinates, where)]
        : geometry?.type === "MultiLineString" && Array.isArray(geometry.coordinates)
          ? geometry.coordinates.map((part, p) => readPoints(part, `${where}, part ${p}`))
          : undefined;
    if (!parts) {
      skipped++;
      return;
    }

    const properties = feature.properties ?? {};
    parts.forEach((part, p) => {
      const coordinates = cleanCoordinates(part);
      if (!coordinates) {
        skipped++;
        return;
      }
      lines.push({
        segmentId: parts.length === 1 ? `${source}:${index}` : `${source}:${index}.${p}`,
        source,
        coordinates,
        highway: optionalText(properties.highway),
        maxspeed: optionalText(properties.maxspeed),
        name: optionalText(properties.name),
        ref: optionalText(properties.ref),
      });
    });
  });
  return { lines, skipped };
}
