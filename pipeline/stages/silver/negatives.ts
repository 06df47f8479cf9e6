// Negative sampling: places near the road network with no accident nearby, at times and in
// weather drawn like the accidents', so that the model learns what distinguishes places where
// accidents happen rather than when or how precisely accidents are recorded.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { METERS_PER_DEGREE_LAT, metersPerDegreeLon } from "../../geo/distance.ts";
import type { PointIndex } from "../../geo/point-index.ts";
import type { RoadIndex } from "../../geo/road-index.ts";
import type { Box } from "../bronze/territory.ts";

/** 300 m: negatives must lie farther than this from every accident. */
export const NEGATIVE_EXCLUSION_RADIUS_M = 300;

/** Share of negatives whose time is copied from a random accident; the rest is uniform. */
export const ACCIDENT_TIME_SHARE = 0.85;

/** Draws allowed per negative before sampling gives up (the network is then almost entirely
 *  within the exclusion radius of accidents). */
const MAX_DRAWS_PER_NEGATIVE = 1000;

const MS_PER_MINUTE = 60_000;

export interface NegativeSample {
  latitude: number;
  longitude: number;
  /** Local time in the Date's UTC fields, like accidents' `event_time`. */
  event_time: Date;
  atm: number;
  /** Whether the time was copied from an accident (true) or drawn uniformly (false). */
  timeFromAccident: boolean;
  /** Position of the road segment the point was sampled on. */
  segmentIndex: number;
  /** Distance in metres the point was moved away from the road, at right angles to it. */
  offsetM: number;
}

export interface NegativeSamplingInput {
  count: number;
  seed: number;
  roads: RoadIndex;
  accidents: PointIndex;
  /** Accident times (local, in UTC fields), to copy from. */
  accidentTimes: readonly Date[];
  /** Known accident weather codes, drawn from with their frequencies. */
  accidentAtm: readonly number[];
  /** Distances in metres from accidents to their nearest road, for the roads of the segment's
   *  source; an empty list leaves negatives on the line. */
  offsetsFor(segmentIndex: number): readonly number[];
  /** Uniform times cover [from, to): the first day of the first year to the end of the last. */
  period: { from: Date; to: Date };
  /** The département's box: places moved outside it are drawn again. Undefined keeps all. */
  territory?: Box;
}

/** Returns true when the point lies in the box, or when there is no box. */
export function insideBox(box: Box | undefined, latitude: number, longitude: number): boolean {
  if (!box) return true;
  const latitudeInside = latitude >= box.minLatitude && latitude <= box.maxLatitude;
  return latitudeInside && longitude >= box.minLongitude && longitude <= box.maxLongitude;
}

/**
 * Samples `count` negatives; the same input and seed give the same list, in the same order.
 *
 * A place is drawn along the roads in proportion to length, then moved at right angles to the
 * road by a distance drawn from the accidents' own distances to that source's roads. Accidents
 * are recorded beside the road lines (a few metres in a detailed network, kilometres where only
 * main roads are known), so negatives left on the lines would make `dist_to_road_m` separate the
 * classes by construction.
 */
export function sampleNegatives(input: NegativeSamplingInput): NegativeSample[] {
  if (input.accidentTimes.length === 0 || input.accidentAtm.length === 0) {
    throw new Error(
      "Negative sampling needs at least one accident with a time and a weather code.",
    );
  }

  const rng = xoroshiro128plus(input.seed);
  const periodMinutes = Math.floor(
    (input.period.to.getTime() - input.period.from.getTime()) / MS_PER_MINUTE,
  );
  const maxDraws = Math.max(10_000, input.count * MAX_DRAWS_PER_NEGATIVE);
  const negatives: NegativeSample[] = [];
  let draws = 0;

  while (negatives.length < input.count) {
    draws++;
    if (draws > maxDraws) {
      throw new Error(
        `Negative sampling placed ${negatives.length} of ${input.count} negatives after ` +
          `${maxDraws} draws: almost every sampled place lies within ` +
          `${NEGATIVE_EXCLUSION_RADIUS_M} m of an accident or outside the territory. Add roads ` +
          "(ROADS_SOURCE) or lower NEGATIVES_PER_ACCIDENT.",
      );
    }

    // A uniform distance along all roads picks a place in proportion to road length.
    const onRoad = input.roads.pointAlong(uniformFloat64(rng) * input.roads.totalLengthM);
    const offsets = input.offsetsFor(onRoad.segmentIndex);
    const offsetM = offsets.length ? offsets[uniformInt(rng, 0, offsets.length - 1)] : 0;
    const side = uniformInt(rng, 0, 1) === 0 ? -1 : 1;
    // The normal to direction (east, north) is (-north, east); `side` picks the road's side.
    const latitude =
      onRoad.latitude + (side * onRoad.directionEast * offsetM) / METERS_PER_DEGREE_LAT;
    const longitude =
      onRoad.longitude -
      (side * onRoad.directionNorth * offsetM) / metersPerDegreeLon(onRoad.latitude);

    if (!insideBox(input.territory, latitude, longitude)) continue;
    const nearby = input.accidents.withinMeters(latitude, longitude, NEGATIVE_EXCLUSION_RADIUS_M);
    if (nearby.length > 0) continue;

    const timeFromAccident = uniformFloat64(rng) < ACCIDENT_TIME_SHARE;
    const event_time = timeFromAccident
      ? input.accidentTimes[uniformInt(rng, 0, input.accidentTimes.length - 1)]
      : new Date(
          input.period.from.getTime() + uniformInt(rng, 0, periodMinutes - 1) * MS_PER_MINUTE,
        );
    const atm = input.accidentAtm[uniformInt(rng, 0, input.accidentAtm.length - 1)];

    negatives.push({
      latitude,
      longitude,
      event_time,
      atm,
      timeFromAccident,
      segmentIndex: onRoad.segmentIndex,
      offsetM,
    });
  }
  return negatives;
}
