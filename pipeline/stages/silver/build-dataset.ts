// Builds the rows of `silver.full_dataset` from plain arrays: the accidents (positives), the
// road network, and negatives sampled on it. No lake access here, so tests run it directly.
import { distToNoumeaKm } from "../../features/place.ts";
import { timeFeatures } from "../../features/time.ts";
import type { RoadNode, RoadSegment } from "../../geo/network.ts";
import { PointIndex } from "../../geo/point-index.ts";
import { RoadFeatureIndex } from "../../geo/road-features.ts";
import type { Box } from "../bronze/territory.ts";
import { sampleNegatives } from "./negatives.ts";
import type { AccidentInput, FullDatasetRow } from "./types.ts";

/** Radius in metres of the neighbourhood `accident_density_5km` counts accidents in.
 *  NOTE: the count uses every accident of every year, so a model tested on a later period has
 *  seen those accidents through this feature; gold splits should recount it from training rows
 *  if that matters. */
export const DENSITY_RADIUS_M = 5000;

/** BAAC `atm` = 1: normal weather, used for accidents whose weather is unknown. */
export const DEFAULT_ATM = 1;

export interface BuildOptions {
  negativesPerAccident: number;
  seed: number;
  /** The département's box, which negatives must stay in (see `territoryBox`). */
  territory?: Box;
}

export interface DatasetStats {
  accidents: number;
  accidentsWithoutCoordinates: string[];
  atmImputed: number;
  /** Negatives per road source label. */
  negativesPerSource: Record<string, number>;
  negativesWithAccidentTime: number;
  /** Per row, in row order: the source of the accident's nearest road, or of the road the
   *  negative was sampled on. */
  roadSourceByRow: string[];
}

export interface FullDataset {
  rows: FullDatasetRow[];
  stats: DatasetStats;
}

/** Orders strings by UTF-16 code units, as `ORDER BY` does for ASCII ids, whatever the locale. */
function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

type Located = AccidentInput & { latitude: number; longitude: number };

function hasCoordinates(accident: AccidentInput): accident is Located {
  return Number.isFinite(accident.latitude) && Number.isFinite(accident.longitude);
}

/** Computes the time, place and road features that positives and negatives share, and returns
 *  the nearest segment's position with the row. */
function featureRow(
  base: Pick<FullDatasetRow, "row_id" | "is_accident" | "num_acc" | "com" | "event_time" | "atm">,
  latitude: number,
  longitude: number,
  density: number,
  roads: RoadFeatureIndex,
): { row: FullDatasetRow; nearestSegment: number } {
  const time = base.event_time;
  const year = time.getUTCFullYear();
  const month = time.getUTCMonth() + 1;
  const timeOf = timeFeatures(year, month, time.getUTCDate(), time.getUTCHours());
  const road = roads.at(latitude, longitude);

  const row: FullDatasetRow = {
    ...base,
    year,
    ...timeOf,
    latitude,
    longitude,
    dist_to_noumea_km: distToNoumeaKm(latitude, longitude),
    accident_density_5km: density,
    dist_to_road_m: road.dist_to_road_m,
    road_class: road.road_class,
    speed_limit: road.speed_limit,
    n_intersections_200m: road.n_intersections_200m,
    road_length_200m_m: road.road_length_200m_m,
    lat_hour: latitude * timeOf.hour,
    lon_hour: longitude * timeOf.hour,
    lat_dayofweek: latitude * timeOf.dayofweek,
    lon_dayofweek: longitude * timeOf.dayofweek,
    hour_weekend: timeOf.hour * timeOf.is_weekend,
    month_dayofweek: timeOf.month * timeOf.dayofweek,
  };
  return { row, nearestSegment: road.nearestSegment };
}

/**
 * Builds one row per accident with coordinates (ordered by `num_acc`), then
 * `negativesPerAccident` negatives per such accident, with `row_id` counting from 1.
 */
export function buildFullDataset(
  accidents: readonly AccidentInput[],
  segments: readonly RoadSegment[],
  intersections: readonly RoadNode[],
  options: BuildOptions,
): FullDataset {
  const located = accidents
    .filter(hasCoordinates)
    .sort((a, b) => compareCodeUnits(a.num_acc, b.num_acc));
  const withoutCoordinates = accidents.filter((a) => !hasCoordinates(a)).map((a) => a.num_acc);
  if (located.length === 0) {
    throw new Error("No accident with coordinates: the feature store needs at least one.");
  }

  const roads = new RoadFeatureIndex(segments, intersections);
  const accidentPoints = new PointIndex(
    located.map((a) => a.longitude),
    located.map((a) => a.latitude),
  );
  const rows: FullDatasetRow[] = [];

  // Distances from accidents to their nearest road, grouped by that road's source, for the
  // offsets of negatives sampled on the same source.
  const offsetsBySource = new Map<string, number[]>();
  const roadSourceByRow: string[] = [];
  let atmImputed = 0;
  located.forEach((accident, i) => {
    if (accident.atm === null) atmImputed++;
    // The accident lies within 0 m of itself: one fewer so it never counts itself.
    const others = accidentPoints.countWithinMeters(
      accident.latitude,
      accident.longitude,
      DENSITY_RADIUS_M,
    );
    const base = {
      row_id: i + 1,
      is_accident: 1,
      num_acc: accident.num_acc,
      com: accident.com,
      event_time: accident.event_time,
      atm: accident.atm ?? DEFAULT_ATM,
    };
    const { row, nearestSegment } = featureRow(
      base,
      accident.latitude,
      accident.longitude,
      others - 1,
      roads,
    );
    rows.push(row);

    const source = segments[nearestSegment].source;
    roadSourceByRow.push(source);
    const offsets = offsetsBySource.get(source) ?? [];
    offsets.push(row.dist_to_road_m);
    offsetsBySource.set(source, offsets);
  });

  const years = located.map((a) => a.event_time.getUTCFullYear());
  const negatives = sampleNegatives({
    count: located.length * options.negativesPerAccident,
    seed: options.seed,
    roads: roads.roads,
    accidents: accidentPoints,
    accidentTimes: located.map((a) => a.event_time),
    accidentAtm: located.flatMap((a) => (a.atm === null ? [] : [a.atm])),
    territory: options.territory,
    offsetsFor: (segmentIndex) => offsetsBySource.get(segments[segmentIndex].source) ?? [],
    period: {
      from: new Date(Date.UTC(Math.min(...years), 0, 1)),
      to: new Date(Date.UTC(Math.max(...years) + 1, 0, 1)),
    },
  });

  const negativesPerSource: Record<string, number> = {};
  for (const negative of negatives) {
    const density = accidentPoints.countWithinMeters(
      negative.latitude,
      negative.longitude,
      DENSITY_RADIUS_M,
    );
    const base = {
      row_id: rows.length + 1,
      is_accident: 0,
      num_acc: null,
      com: null,
      event_time: negative.event_time,
      atm: negative.atm,
    };
    rows.push(featureRow(base, negative.latitude, negative.longitude, density, roads).row);
    const source = segments[negative.segmentIndex].source;
    roadSourceByRow.push(source);
    negativesPerSource[source] = (negativesPerSource[source] ?? 0) + 1;
  }

  return {
    rows,
    stats: {
      accidents: accidents.length,
      accidentsWithoutCoordinates: withoutCoordinates,
      atmImputed,
      negativesPerSource,
      negativesWithAccidentTime: negatives.filter((n) => n.timeFromAccident).length,
      roadSourceByRow,
    },
  };
}
