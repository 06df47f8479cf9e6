// Road classes (OpenStreetMap `highway` values folded into a short list) and speed limits.

export const ROAD_CLASSES = [
  "motorway",
  "trunk",
  "primary",
  "secondary",
  "tertiary",
  "residential",
  "unclassified",
  "service",
  "unknown",
] as const;

export type RoadClass = (typeof ROAD_CLASSES)[number];

/** OSM `highway` values the road network keeps: the classes cars drive on. */
export const DRIVABLE_HIGHWAYS = [
  "motorway",
  "motorway_link",
  "trunk",
  "trunk_link",
  "primary",
  "primary_link",
  "secondary",
  "secondary_link",
  "tertiary",
  "tertiary_link",
  "unclassified",
  "residential",
  "living_street",
  "service",
  "road",
] as const;

/**
 * Speed in km/h used when a road has no usable `maxspeed`. These are usual values for the class
 * in New Caledonia (50 in towns, 90 on open roads, 110 on expressways), not legal facts for a
 * given road, so rows using them carry `speed_imputed = true`. `unknown` gets 50 because the
 * only class-less source, Nouméa's road database, covers a town.
 */
export const DEFAULT_SPEED_KMH: Record<RoadClass, number> = {
  motorway: 110,
  trunk: 90,
  primary: 90,
  secondary: 80,
  tertiary: 70,
  residential: 50,
  unclassified: 50,
  service: 30,
  unknown: 50,
};

/** Folds an OSM `highway` value into a road class; links take their road's class. */
export function roadClassOf(highway: string | undefined | null): RoadClass {
  const value = (highway ?? "")
    .trim()
    .toLowerCase()
    .replace(/_link$/, "");
  if (value === "living_street") return "residential";
  return (ROAD_CLASSES as readonly string[]).includes(value) ? (value as RoadClass) : "unknown";
}

/** Symbolic OSM limits for France and its territories, in km/h. */
const SYMBOLIC_MAXSPEED_KMH: Record<string, number> = {
  "fr:urban": 50,
  "fr:rural": 80,
  "fr:motorway": 130,
  "fr:zone30": 30,
  "fr:walk": 6,
  walk: 6,
  "fr:living_street": 20,
};

/** Parses an OSM `maxspeed` (`50`, `30 mph`, `FR:urban`) into km/h; undefined when unusable
 *  (`none`, `signals`, `variable`, several values, empty). */
export function parseMaxspeedKmh(maxspeed: string | undefined | null): number | undefined {
  const value = (maxspeed ?? "").trim().toLowerCase();
  if (!value) return undefined;

  const symbolic = SYMBOLIC_MAXSPEED_KMH[value];
  if (symbolic !== undefined) return symbolic;

  const match = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh)?$/.exec(value);
  if (!match) return undefined;

  const number = Number(match[1]);
  const kmh = match[2] === "mph" ? number * 1.609344 : number;
  return kmh > 0 && kmh <= 200 ? Math.round(kmh) : undefined;
}
