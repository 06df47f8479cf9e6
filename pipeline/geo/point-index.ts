// A static index of points (accidents, intersections) answering "which points lie within r metres".
import KDBush from "kdbush";
import { degreeBox, LocalProjection } from "./distance.ts";

export class PointIndex {
  private readonly index: KDBush;
  readonly size: number;

  /** `longitudes[i]`, `latitudes[i]` is point i; ids returned by queries are these positions. */
  constructor(
    readonly longitudes: ArrayLike<number>,
    readonly latitudes: ArrayLike<number>,
  ) {
    if (longitudes.length !== latitudes.length) {
      throw new Error(
        `PointIndex: ${longitudes.length} longitudes but ${latitudes.length} latitudes.`,
      );
    }
    this.size = longitudes.length;
    // KDBush needs at least one point; an empty index answers every query with nothing.
    this.index = new KDBush(Math.max(1, this.size));
    for (let i = 0; i < this.size; i++) this.index.add(longitudes[i], latitudes[i]);
    if (this.size === 0) this.index.add(Number.NaN, Number.NaN);
    this.index.finish();
  }

  /** Positions of the points within `radiusM` metres of (latitude, longitude), in no order. */
  withinMeters(latitude: number, longitude: number, radiusM: number): number[] {
    if (this.size === 0) return [];

    const { dLon, dLat } = degreeBox(latitude, radiusM);
    const candidates = this.index.range(
      longitude - dLon,
      latitude - dLat,
      longitude + dLon,
      latitude + dLat,
    );
    const projection = new LocalProjection(longitude, latitude);
    const radiusSquared = radiusM * radiusM;
    return candidates.filter((i) => {
      const x = projection.x(this.longitudes[i]);
      const y = projection.y(this.latitudes[i]);
      return x * x + y * y <= radiusSquared;
    });
  }

  countWithinMeters(latitude: number, longitude: number, radiusM: number): number {
    return this.withinMeters(latitude, longitude, radiusM).length;
  }

  /** Distance in metres to the nearest point within `maxM`, or Infinity when there is none. */
  nearestMeters(latitude: number, longitude: number, maxM: number): number {
    const projection = new LocalProjection(longitude, latitude);
    let best = Number.POSITIVE_INFINITY;
    for (const i of this.withinMeters(latitude, longitude, maxM)) {
      const distance = Math.hypot(projection.x(this.longitudes[i]), projection.y(this.latitudes[i]));
      best = Math.min(best, distance);
    }
    return best;
  }
}
