// Reads the silver stage's inputs from the lake: accidents, road segments and intersections.
import type { RoadNode, RoadSegment } from "../../geo/network.ts";
import { ROAD_CLASSES, type RoadClass } from "../../geo/road-classes.ts";
import { parseLineStringWkt } from "../../geo/wkt.ts";
import type { Lake } from "../../lake/types.ts";
import type { AccidentInput } from "./types.ts";

export async function readAccidents(lake: Lake): Promise<AccidentInput[]> {
  const view = await lake.read("bronze.accidents_nc");
  const rows = await lake.query<{
    num_acc: string;
    event_ms: number | bigint | null;
    latitude: number | null;
    longitude: number | null;
    atm: number | null;
    com: string | null;
  }>(`
    SELECT num_acc, epoch_ms(event_time) AS event_ms, latitude, longitude, atm, com
    FROM ${view}
    ORDER BY num_acc`);

  return rows.map((row) => {
    if (row.event_ms === null) {
      throw new Error(
        `bronze.accidents_nc, accident ${row.num_acc}: event_time is NULL; bronze must reject ` +
          "accidents without a time.",
      );
    }
    return {
      num_acc: row.num_acc,
      event_time: new Date(Number(row.event_ms)),
      latitude: row.latitude,
      longitude: row.longitude,
      atm: row.atm === null ? null : Number(row.atm),
      com: row.com,
    };
  });
}

export async function readRoads(
  lake: Lake,
): Promise<{ segments: RoadSegment[]; intersections: RoadNode[] }> {
  const roadsView = await lake.read("bronze.roads");
  const nodesView = await lake.read("bronze.road_nodes");
  const roads = await lake.query<{
    segment_id: string;
    geometry_wkt: string;
    road_class: string;
    speed_limit: number;
    speed_imputed: boolean;
    name: string | null;
    length_m: number;
    source: string;
  }>(`SELECT * FROM ${roadsView} ORDER BY segment_id`);
  const nodes = await lake.query<RoadNodeRow>(
    `SELECT node_id, latitude, longitude, degree FROM ${nodesView} ORDER BY node_id`,
  );

  const segments = roads.map((row): RoadSegment => {
    if (!(ROAD_CLASSES as readonly string[]).includes(row.road_class)) {
      throw new Error(
        `bronze.roads, segment ${row.segment_id}: unknown road_class ` +
          `${JSON.stringify(row.road_class)}; expected one of ${ROAD_CLASSES.join(", ")}.`,
      );
    }
    return {
      segmentId: row.segment_id,
      coordinates: parseLineStringWkt(row.geometry_wkt, `bronze.roads, segment ${row.segment_id}`),
      roadClass: row.road_class as RoadClass,
      speedLimit: Number(row.speed_limit),
      speedImputed: Boolean(row.speed_imputed),
      name: row.name,
      lengthM: Number(row.length_m),
      source: row.source,
    };
  });
  const intersections = nodes.map((row) => ({
    nodeId: Number(row.node_id),
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    degree: Number(row.degree),
  }));
  return { segments, intersections };
}

interface RoadNodeRow {
  node_id: number | bigint;
  latitude: number;
  longitude: number;
  degree: number;
}
