// One row per accident of the département: its characteristics, the road fields of its place,
// and counts of its victims and vehicles. Joins aggregate first, so an accident is never repeated
// once per victim or vehicle.
import { sqlString } from "./sql.ts";

/** `catv` codes (2019+ codebook) of bicycles, mopeds, scooters and motorcycles. */
export const TWO_WHEELER_CATV = [1, 2, 30, 31, 32, 33, 34, 80] as const;

/** `catv` codes of goods vehicles over 3.5 t and tractors (13–17, 20, 21), buses and coaches
 *  (37, 38), trains and trams (39, 40). */
export const HEAVY_VEHICLE_CATV = [13, 14, 15, 16, 17, 20, 21, 37, 38, 39, 40] as const;

export interface BronzeViews {
  caracteristiques: string;
  lieux: string;
  vehicules: string;
  usagers: string;
}

/** SQL filter of the département, or TRUE for `all`. */
function departmentFilter(department: string): string {
  return department === "all" ? "TRUE" : `dep = ${sqlString(department)}`;
}

/**
 * Returns the query of `bronze.accidents_nc`. Accidents without a valid time or coordinates
 * (already listed in `bronze.rejected_rows` by bronze/baac) are left out.
 */
export function accidentsSql(views: BronzeViews, department: string): string {
  return `
WITH accidents AS (
  SELECT * FROM ${views.caracteristiques}
  WHERE ${departmentFilter(department)} AND event_time IS NOT NULL AND latitude IS NOT NULL
),
places AS (
  -- A place row per accident; should a file repeat one, the first row wins.
  SELECT * FROM ${views.lieux}
  WHERE num_acc IN (SELECT num_acc FROM accidents)
  QUALIFY row_number() OVER (PARTITION BY num_acc ORDER BY year, line) = 1
),
victims AS (
  SELECT num_acc,
    count(*) AS n_victims,
    count(*) FILTER (grav = 2) AS n_killed,
    count(*) FILTER (grav = 3) AS n_hospitalized,
    count(*) FILTER (grav = 4) AS n_slightly_injured,
    count(*) FILTER (grav = 1) AS n_unharmed,
    -- Worst first: killed (2), hospitalised (3), slightly injured (4), unharmed (1).
    CASE WHEN bool_or(grav = 2) THEN 2 WHEN bool_or(grav = 3) THEN 3
      WHEN bool_or(grav = 4) THEN 4 WHEN bool_or(grav = 1) THEN 1 END AS severity
  FROM ${views.usagers}
  WHERE num_acc IN (SELECT num_acc FROM accidents)
  GROUP BY num_acc
),
vehicles AS (
  SELECT num_acc,
    count(*) AS n_vehicles,
    count(*) FILTER (catv IN (${TWO_WHEELER_CATV.join(", ")})) AS n_two_wheelers,
    count(*) FILTER (catv IN (${HEAVY_VEHICLE_CATV.join(", ")})) AS n_heavy_vehicles
  FROM ${views.vehicules}
  WHERE num_acc IN (SELECT num_acc FROM accidents)
  GROUP BY num_acc
)
SELECT
  a.num_acc, a.year, a.event_time, a.latitude, a.longitude, a.dep, a.com, a.adr,
  a.atm, a.lum, a.agg, a.int, a.col,
  p.catr, p.vma, p.surf, p.infra, p.situ, p.plan,
  CAST(coalesce(v.n_victims, 0) AS INTEGER) AS n_victims,
  CAST(coalesce(v.n_killed, 0) AS INTEGER) AS n_killed,
  CAST(coalesce(v.n_hospitalized, 0) AS INTEGER) AS n_hospitalized,
  CAST(coalesce(v.n_slightly_injured, 0) AS INTEGER) AS n_slightly_injured,
  CAST(coalesce(v.n_unharmed, 0) AS INTEGER) AS n_unharmed,
  CAST(v.severity AS INTEGER) AS severity,
  CAST(coalesce(h.n_vehicles, 0) AS INTEGER) AS n_vehicles,
  CAST(coalesce(h.n_two_wheelers, 0) AS INTEGER) AS n_two_wheelers,
  CAST(coalesce(h.n_heavy_vehicles, 0) AS INTEGER) AS n_heavy_vehicles
FROM accidents a
LEFT JOIN places p USING (num_acc)
LEFT JOIN victims v USING (num_acc)
LEFT JOIN vehicles h USING (num_acc)
ORDER BY a.event_time, a.num_acc`;
}

/** SQL counting the département's accidents left out for missing time or coordinates. */
export function excludedAccidentsSql(caracteristiques: string, department: string): string {
  return (
    `SELECT count(*) AS n FROM ${caracteristiques} WHERE ${departmentFilter(department)} ` +
    `AND (event_time IS NULL OR latitude IS NULL)`
  );
}
