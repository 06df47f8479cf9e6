// Road features of a point, from the road network around it: distance to the nearest road, that
// road's class and speed limit, and, within a 200 m buffer, intersections and road length.
import type { RoadNode, RoadSegment } from "./network.ts";
import { PointIndex } from "./point-index.ts";
import type { RoadClass } from "./road-classes.ts";
import { RoadIndex } from "./road-index.ts";

/** Radius in metres of the buffer the neighbourhood features are counted in. */
export const ROAD_BUFFER_M = 200;

export interface RoadFeatures {
  dist_to_road_m: number;
  road_class: RoadClass;
  speed_limit: number;
  n_intersections_200m: number;
  road_length_200m_m: number;
  /** Index of the nearest segment in the array the network was built from. */
  nearestSegment: number;
}

/** Indexes a network once, then computes road features for any number of points. */
export class RoadFeatureIndex {
  readonly roads: RoadIndex;
  private readonly intersections: PointIndex;

  constructor(
    readonly segments: readonly RoadSegment[],
    intersections: readonly RoadNode[],
  ) {
    this.roads = new RoadIndex(segments);
    this.intersections = new PointIndex(
      intersections.map((node) => node.longitude),
      intersections.map((node) => node.latitude),
    );
  }

  at(latitude: number, longitude: number): RoadFeatures {
    const nearest = this.roads.nearest(latitude, longitude);
    const segment = this.segments[nearest.segmentIndex];
    return {
      dist_to_road_m: nearest.distanceM,
      road_class: segment.roadClass,
      speed_limit: segment.speedLimit,
      n_intersections_200m: this.intersections.countWithinMeters(
        latitude,
        longitude,
        ROAD_BUFFER_M,
      ),
      road_length_200m_m: this.roads.lengthWithinMeters(latitude, longitude, ROAD_BUFFER_M),
      nearestSegment: nearest.segmentIndex,
    };
  }
}
