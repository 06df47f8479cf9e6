// bronze/roads: the road network from ROADS_SOURCE (local GeoJSON or OSM XML files) or, when it is
// unset, from OpenStreetMap through Overpass; with its intersections.
import { defineAsset } from "../../assets/define.ts";
import { buildRoadSegments, findIntersections } from "../../geo/network.ts";
import { lineStringToWkt } from "../../geo/wkt.ts";
import {
  readRoadSources,
  resolveRoadSourceFiles,
  type RoadSourceOptions,
} from "../../sources/roads.ts";
import type { Settings } from "../../config.ts";
import { dropStaged, stageRows } from "../silver/staging.ts";

function sourceOptions(
  settings: Settings,
  log?: (message: string) => void,
  download?: boolean,
): RoadSourceOptions {
  return {
    sources: settings.roadsSources,
    department: settings.accidentsDepartment,
    cacheDir: settings.cacheDir,
    overpassUrl: settings.overpassUrl,
    log,
    download,
  };
}

export const roadsAsset = defineAsset({
  key: "bronze/roads",
  group: "bronze",
  deps: [],
  description:
    "Road segments (class, speed limit, length, WKT geometry) from ROADS_SOURCE or " +
    "OpenStreetMap, and intersections where three or more segment ends meet.",
  tables: ["bronze.roads", "bronze.road_nodes"],
  codeVersion: "1",
  parameters: (settings) => ({
    sources: settings.roadsSources,
    department: settings.accidentsDepartment,
    overpassUrl: settings.roadsSources.length ? null : settings.overpassUrl,
  }),
  inputs: async (settings, log, options) => {
    const files = await resolveRoadSourceFiles(sourceOptions(settings, log, options?.download));
    return files.map(({ path, sha256 }) => ({ path, sha256 }));
  },
  materialize: async ({ settings, lake, tx, log }) => {
    const { files, lines, skipped } = await readRoadSources(sourceOptions(settings, log));
    const segments = buildRoadSegments(lines);
    const nodes = findIntersections(segments);
    if (segments.length === 0) {
      throw new Error(
        `No drivable road line in ${files.map((f) => f.path).join(", ")}: check ROADS_SOURCE.`,
      );
    }
    if (skipped > 0) log(`${skipped} features or ways skipped: not drivable lines of 2+ points`);

    const roadRows = segments.map((segment) => ({
      segment_id: segment.segmentId,
      geometry_wkt: lineStringToWkt(segment.coordinates),
      road_class: segment.roadClass,
      speed_limit: segment.speedLimit,
      speed_imputed: segment.speedImputed,
      name: segment.name,
      length_m: segment.lengthM,
      source: segment.source,
    }));
    const nodeRows = nodes.map((node) => ({
      node_id: node.nodeId,
      latitude: node.latitude,
      longitude: node.longitude,
      degree: node.degree,
    }));

    await stageRows(
      lake.connection,
      "stage_bronze_roads",
      [
        ["segment_id", "VARCHAR"],
        ["geometry_wkt", "VARCHAR"],
        ["road_class", "VARCHAR"],
        ["speed_limit", "INTEGER"],
        ["speed_imputed", "BOOLEAN"],
        ["name", "VARCHAR"],
        ["length_m", "DOUBLE"],
        ["source", "VARCHAR"],
      ] as const,
      roadRows,
    );
    await stageRows(
      lake.connection,
      "stage_bronze_road_nodes",
      [
        ["node_id", "BIGINT"],
        ["latitude", "DOUBLE"],
        ["longitude", "DOUBLE"],
        ["degree", "INTEGER"],
      ] as const,
      nodeRows,
    );

    try {
      const roads = await tx.createOrReplace(
        "bronze.roads",
        "SELECT * FROM temp.main.stage_bronze_roads",
      );
      const intersections = await tx.createOrReplace(
        "bronze.road_nodes",
        "SELECT * FROM temp.main.stage_bronze_road_nodes ORDER BY node_id",
      );
      const kilometres = segments.reduce((sum, s) => sum + s.lengthM, 0) / 1000;
      return {
        rows: roads + intersections,
        metadata: {
          segments: roads,
          intersections,
          km: Math.round(kilometres * 10) / 10,
          skipped,
          sources: files.map((f) => f.label).join(","),
        },
      };
    } finally {
      await dropStaged(lake.connection, "stage_bronze_roads");
      await dropStaged(lake.connection, "stage_bronze_road_nodes");
    }
  },
});
