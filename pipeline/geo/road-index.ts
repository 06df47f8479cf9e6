// A static spatial index of road segments cut into straight pieces between consecutive vertices.
// It finds the nearest road, measures road length in a circle and samples points along roads.
import Flatbush from "flatbush";
import {
  degreeBox,
  distanceMeters,
  LocalProjection,
  METERS_PER_DEGREE_LAT,
  metersPerDegreeLon,
  type LonLat,
  originToSegmentMeters,
  segmentLengthInCircleMeters,
} from "./distance.ts";

export interface NearestRoad {
  /** Position of the segment in the array the index was built from. */
  segmentIndex: number;
  distanceM: number;
}

/** A point on a road, with the unit direction of the road there (east and north components). */
export interface RoadPoint {
  longitude: number;
  latitude: number;
  segmentIndex: number;
  directionEast: number;
  directionNorth: number;
}

export class RoadIndex {
  private readonly index: Flatbush;
  /** Piece i runs from (x0[i], y0[i]) to (x1[i], y1[i]) in degrees, on segment owner[i]. */
  private readonly x0: Float64Array;
  private readonly y0: Float64Array;
  private readonly x1: Float64Array;
  private readonly y1: Float64Array;
  private readonly owner: Uint32Array;
  /** Running total of piece lengths in metres: piece i spans [cumulative[i], cumulative[i+1]). */
  private readonly cumulativeM: Float64Array;
  readonly pieceCount: number;
  readonly totalLengthM: number;

  constructor(segments: ReadonlyArray<{ coordinates: LonLat[] }>) {
    const count = segments.reduce((sum, s) => sum + s.coordinates.length - 1, 0);
    if (count === 0) throw new Error("RoadIndex: the road network has no segment.");

    this.pieceCount = count;
    this.x0 = new Float64Array(count);
    this.y0 = new Float64Array(count);
    this.x1 = new Float64Array(count);
    this.y1 = new Float64Array(count);
    this.owner = new Uint32Array(count);
    this.cumulativeM = new Float64Array(count + 1);
    this.index = new Flatbush(count);

    let i = 0;
    segments.forEach((segment, segmentIndex) => {
      const points = segment.coordinates;
      for (let p = 0; p + 1 < points.length; p++, i++) {
        const [ax, ay] = points[p];
        const [bx, by] = points[p + 1];
        this.x0[i] = ax;
        this.y0[i] = ay;
        this.x1[i] = bx;
        this.y1[i] = by;
        this.owner[i] = segmentIndex;
        this.cumulativeM[i + 1] = this.cumulativeM[i] + distanceMeters(points[p], points[p + 1]);
        this.index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
    });
    this.index.finish();
    this.totalLengthM = this.cumulativeM[count];
  }

  private piecesNear(latitude: number, longitude: number, radiusM: number): number[] {
    const { dLon, dLat } = degreeBox(latitude, radiusM);
    return this.index.search(longitude - dLon, latitude - dLat, longitude + dLon, latitude + dLat);
  }

  private pieceDistanceM(piece: number, projection: LocalProjection): number {
    return originToSegmentMeters(
      projection.x(this.x0[piece]),
      projection.y(this.y0[piece]),
      projection.x(this.x1[piece]),
      projection.y(this.y1[piece]),
    );
  }

  /** Finds the nearest segment to a point, however far. */
  nearest(latitude: number, longitude: number): NearestRoad {
    const projection = new LocalProjection(longitude, latitude);

    // Any few pieces give an upper bound on the distance. The exact nearest piece then lies in
    // the box of that radius, because a piece's distance is at least its box's distance.
    let best: NearestRoad = { segmentIndex: -1, distanceM: Number.POSITIVE_INFINITY };
    for (const piece of this.index.neighbors(longitude, latitude, 4)) {
      const distanceM = this.pieceDistanceM(piece, projection);
      if (distanceM < best.distanceM) best = { segmentIndex: this.owner[piece], distanceM };
    }
    for (const piece of this.piecesNear(latitude, longitude, best.distanceM)) {
      const distanceM = this.pieceDistanceM(piece, projection);
      if (distanceM < best.distanceM) best = { segmentIndex: this.owner[piece], distanceM };
    }
    return best;
  }

  /** Total road length in metres inside the circle of `radiusM` around a point. */
  lengthWithinMeters(latitude: number, longitude: number, radiusM: number): number {
    const projection = new LocalProjection(longitude, latitude);
    let total = 0;
    for (const piece of this.piecesNear(latitude, longitude, radiusM)) {
      total += segmentLengthInCircleMeters(
        projection.x(this.x0[piece]),
        projection.y(this.y0[piece]),
        projection.x(this.x1[piece]),
        projection.y(this.y1[piece]),
        radiusM,
      );
    }
    return total;
  }

  /** Returns the point `distanceM` metres along the concatenated pieces (0 to the total).
   *  A uniform distance therefore gives a point sampled in proportion to road length. */
  pointAlong(distanceM: number): RoadPoint {
    const target = Math.min(Math.max(distanceM, 0), this.totalLengthM);

    // Binary search for the piece whose span contains the target.
    let low = 0;
    let high = this.pieceCount - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.cumulativeM[middle] <= target) low = middle;
      else high = middle - 1;
    }

    const span = this.cumulativeM[low + 1] - this.cumulativeM[low];
    const t = span > 0 ? (target - this.cumulativeM[low]) / span : 0;
    const latitude = this.y0[low] + t * (this.y1[low] - this.y0[low]);
    const east = (this.x1[low] - this.x0[low]) * metersPerDegreeLon(latitude);
    const north = (this.y1[low] - this.y0[low]) * METERS_PER_DEGREE_LAT;
    const length = Math.hypot(east, north) || 1;
    return {
      longitude: this.x0[low] + t * (this.x1[low] - this.x0[low]),
      latitude,
      segmentIndex: this.owner[low],
      directionEast: east / length,
      directionNorth: north / length,
    };
  }
}
