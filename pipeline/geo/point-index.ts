// A static index of points (accidents, intersections) that finds the points within r metres.
import KDBush from "kdbush";
import { degreeBox, distanceMeters, LocalProjection } from "./distance.ts";

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
    // KDBush needs at least one point, so an empty index gets a placeholder and queries return [].
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
    // The flat projection decides clear cases. Points within its error band around the circle
    // (0.1 % of the radius plus 0.5 m) get the great-circle distance, so results match
    // `distanceMeters` exactly.
    const projection = new LocalProjection(longitude, latitude);
    const band = radiusM * 0.001 + 0.5;
    const insideSquared = Math.max(0, radiusM - band) ** 2;
    const outsideSquared = (radiusM + band) ** 2;
    return candidates.filter((i) => {
      const x = projection.x(this.longitudes[i]);
      const y = projection.y(this.latitudes[i]);
      const squared = x * x + y * y;
      if (squared <= insideSquared) return true;
      if (squared > outsideSquared) return false;
      return (
        distanceMeters([longitude, latitude], [this.longitudes[i], this.latitudes[i]]) <= radiusM
      );
    });
  }

  countWithinMeters(latitude: number, longitude: number, radiusM: number): number {
    return this.withinMeters(latitude, longitude, radiusM).length;
  }
}
