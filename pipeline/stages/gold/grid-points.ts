// Points spread along the road network at about a given spacing, for the risk grid.
import { type LonLat, distanceMeters } from "../../geo/distance.ts";
import type { RoadSegment } from "../../geo/network.ts";
import { gridCell } from "../../ml/folds.ts";

export interface GridPoint {
  latitude: number;
  longitude: number;
  /** Index of the segment the point lies on. */
  segmentIndex: number;
}

/** Walks every segment, drops a candidate every spacing / 4 metres along it, and keeps the first
 *  candidate in each square cell of side `spacingM`. The result covers every road at about the
 *  spacing without piling points where many short segments meet (city blocks). */
export function roadGridPoints(segments: readonly RoadSegment[], spacingM: number): GridPoint[] {
  if (!(spacingM > 0)) throw new Error(`roadGridPoints: invalid spacing ${spacingM} m.`);

  const step = spacingM / 4;
  const cellKm = spacingM / 1000;
  const firstInCell = new Map<string, GridPoint>();
  const keep = (position: LonLat, segmentIndex: number) => {
    const [longitude, latitude] = position;
    const cell = gridCell(latitude, longitude, cellKm);
    if (!firstInCell.has(cell)) firstInCell.set(cell, { latitude, longitude, segmentIndex });
  };

  segments.forEach((segment, segmentIndex) => {
    const points = segment.coordinates;
    if (points.length === 0) return;
    keep(points[0], segmentIndex);

    // Distance still to walk before the next candidate.
    let untilNext = step;
    for (let i = 1; i < points.length; i++) {
      const from = points[i - 1];
      const to = points[i];
      const length = distanceMeters(from, to);
      let along = untilNext;
      while (along <= length) {
        const t = along / length;
        keep([from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])], segmentIndex);
        along += step;
      }
      untilNext = along - length;
    }
  });
  return [...firstInCell.values()];
}
