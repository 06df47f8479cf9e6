// Place features of any point, computed exactly as silver/full_dataset computes them for
// negatives, so that gold can score new places (a risk grid) with the features the model saw.
import { distToNoumeaKm } from "../../features/place.ts";
import { PointIndex } from "../../geo/point-index.ts";
import { RoadFeatureIndex } from "../../geo/road-features.ts";
import type { RoadClass } from "../../geo/road-classes.ts";
import type { Lake } from "../../lake/types.ts";
import { DENSITY_RADIUS_M } from "./build-dataset.ts";
import { readAccidents, readRoads } from "./read-inputs.ts";

export interface PlaceFeatures {
  latitude: number;
  longitude: number;
  dist_to_noumea_km: number;
  /** Accidents within 5 km, all of them counted (the point is not an accident). */
  accident_density_5km: number;
  dist_to_road_m: number;
  road_class: RoadClass;
  speed_limit: number;
  n_intersections_200m: number;
  road_length_200m_m: number;
}

/** Computes place features of points from indexes built once. */
export class PlaceFeatureIndex {
  constructor(
    readonly roads: RoadFeatureIndex,
    private readonly accidents: PointIndex,
  ) {}

  /** Reads bronze.accidents_nc, bronze.roads and bronze.road_nodes at the current snapshot. */
  static async fromLake(lake: Lake): Promise<PlaceFeatureIndex> {
    const accidents = (await readAccidents(lake)).filter(
      (a) => Number.isFinite(a.latitude) && Number.isFinite(a.longitude),
    );
    const { segments, intersections } = await readRoads(lake);
    return new PlaceFeatureIndex(
      new RoadFeatureIndex(segments, intersections),
      new PointIndex(
        accidents.map((a) => a.longitude as number),
        accidents.map((a) => a.latitude as number),
      ),
    );
  }

  at(latitude: number, longitude: number): PlaceFeatures {
    const road = this.roads.at(latitude, longitude);
    return {
      latitude,
      longitude,
      dist_to_noumea_km: distToNoumeaKm(latitude, longitude),
      accident_density_5km: this.accidents.countWithinMeters(latitude, longitude, DENSITY_RADIUS_M),
      dist_to_road_m: road.dist_to_road_m,
      road_class: road.road_class,
      speed_limit: road.speed_limit,
      n_intersections_200m: road.n_intersections_200m,
      road_length_200m_m: road.road_length_200m_m,
    };
  }
}
