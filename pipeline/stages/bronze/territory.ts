// Bounding boxes of the territories BAAC départements cover, in WGS84 degrees. A coordinate
// outside its département's box is a recording error (swapped, zero or truncated values).
import { sqlString } from "./sql.ts";

export interface Box {
  minLatitude: number;
  maxLatitude: number;
  minLongitude: number;
  maxLongitude: number;
}

function box(minLatitude: number, maxLatitude: number, minLongitude: number, maxLongitude: number) {
  return { minLatitude, maxLatitude, minLongitude, maxLongitude };
}

/** Metropolitan France with Corsica, used for every two-character département code. */
export const METROPOLE = box(41.3, 51.2, -5.3, 9.7);

// TODO(per-département boxes): metropolitan départements share the METROPOLE box, so a point
// recorded in the wrong metropolitan département still passes.
export const OVERSEAS: Readonly<Record<string, Box>> = {
  "971": box(15.8, 16.6, -61.9, -60.9), // Guadeloupe
  "972": box(14.35, 14.9, -61.25, -60.8), // Martinique
  "973": box(2.1, 5.8, -54.65, -51.6), // Guyane
  "974": box(-21.4, -20.85, 55.2, 55.85), // La Réunion
  "975": box(46.7, 47.15, -56.45, -56.1), // Saint-Pierre-et-Miquelon
  "976": box(-13.05, -12.6, 44.95, 45.35), // Mayotte
  "977": box(17.85, 17.97, -62.95, -62.78), // Saint-Barthélemy
  "978": box(18.0, 18.14, -63.16, -62.96), // Saint-Martin
  "986": box(-14.4, -13.15, -178.25, -176.1), // Wallis-et-Futuna
  "987": box(-27.7, -7.8, -154.8, -134.4), // Polynésie française
  // New Caledonia from the Belep islands (north) to the Isle of Pines (south) and east to the
  // Loyalty Islands: Maré reaches longitude 168.14, so a cut at 168.0 loses real accidents.
  "988": box(-22.9, -19.5, 163.5, 168.25),
};

/** Returns the box of a département code, or undefined when it has none (unknown codes). */
export function territoryBox(department: string): Box | undefined {
  if (OVERSEAS[department]) return OVERSEAS[department];
  return /^(\d{2}|2A|2B)$/.test(department) ? METROPOLE : undefined;
}

function insideSql(target: Box, latitude: string, longitude: string): string {
  return (
    `(${latitude} BETWEEN ${target.minLatitude} AND ${target.maxLatitude} AND ` +
    `${longitude} BETWEEN ${target.minLongitude} AND ${target.maxLongitude})`
  );
}

/** SQL that is TRUE when the point lies in its département's box (TRUE for unknown codes). */
export function insideTerritorySql(
  department: string,
  latitude: string,
  longitude: string,
): string {
  const overseas = Object.entries(OVERSEAS).map(
    ([code, target]) => `WHEN ${sqlString(code)} THEN ${insideSql(target, latitude, longitude)}`,
  );
  return (
    `(CASE ${department} ${overseas.join(" ")} ` +
    `ELSE CASE WHEN regexp_full_match(${department}, '\\d{2}|2A|2B') ` +
    `THEN ${insideSql(METROPOLE, latitude, longitude)} ELSE TRUE END END)`
  );
}
