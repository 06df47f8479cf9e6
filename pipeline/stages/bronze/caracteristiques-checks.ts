// Checks that span columns or rows of the characteristics table: the accident's year against
// its file's, the date and time, duplicate accident ids and coordinates outside the
// département's territory.
import { insideTerritorySql } from "./territory.ts";

/** `HH:MM` (2019 on) or `HMM`/`HHMM` (before) as minutes-of-day parts; NULL when unreadable. */
const HOUR = `CASE WHEN contains(hrmn, ':') THEN TRY_CAST(split_part(hrmn, ':', 1) AS INTEGER)
  ELSE TRY_CAST(lpad(hrmn, 4, '0')[1:2] AS INTEGER) END`;
const MINUTE = `CASE WHEN contains(hrmn, ':') THEN TRY_CAST(split_part(hrmn, ':', 2) AS INTEGER)
  ELSE TRY_CAST(lpad(hrmn, 4, '0')[3:4] AS INTEGER) END`;

/**
 * Returns the SQL of the final characteristics table built from `typed` (all years), with
 * `event_time` and with coordinates NULL when outside the territory, and the SQL of the rows
 * these checks reject. A row whose `an` or Num_Acc prefix is not its file's year is dropped,
 * because its `year` and `event_time` would disagree. Duplicate ids keep their first row
 * (earliest year, then line).
 */
export function caracteristiquesChecksSql(typed: string): { table: string; rejects: string } {
  const inside = insideTerritorySql("dep", "latitude", "longitude");
  // A missing `an` is rejected by its typing already, so only a differing one counts here.
  const yeared = `
    SELECT *,
      coalesce(an = year, TRUE) AS an_valid,
      starts_with(num_acc, CAST(year AS VARCHAR)) AS num_acc_valid
    FROM ${typed}`;
  const timed = `
    SELECT *,
      regexp_full_match(coalesce(hrmn, ''), '\\d{1,2}:\\d{2}|\\d{1,4}') AS hrmn_readable,
      ${HOUR} AS hour, ${MINUTE} AS minute,
      TRY_CAST(printf('%04d-%02d-%02d', an, mois, jour) AS DATE) AS event_date,
      row_number() OVER (PARTITION BY num_acc ORDER BY year, line) AS occurrence,
      first(source_file || ' line ' || line) OVER (
        PARTITION BY num_acc ORDER BY year, line) AS first_seen
    FROM (${yeared}) WHERE an_valid AND num_acc_valid`;
  const checked = `
    SELECT *,
      hrmn_readable AND hour BETWEEN 0 AND 23 AND minute BETWEEN 0 AND 59 AS time_valid,
      latitude IS NOT NULL AND longitude IS NOT NULL AND ${inside} AS coordinates_valid
    FROM (${timed})`;

  const table = `
    SELECT num_acc, jour, mois, an, hrmn, lum, dep, com, agg, int, atm, col, adr,
      CASE WHEN coordinates_valid THEN latitude END AS latitude,
      CASE WHEN coordinates_valid THEN longitude END AS longitude,
      CASE WHEN time_valid THEN event_date + make_time(hour, minute, 0) END AS event_time,
      year, source_file, line
    FROM (${checked}) WHERE occurrence = 1`;

  const rejects = `
    SELECT source_file, line, 'an' AS field, CAST(an AS VARCHAR) AS value,
      'year ' || an || ' differs from the file''s year ' || year || '; row dropped' AS reason
    FROM (${yeared}) WHERE NOT an_valid
    UNION ALL
    SELECT source_file, line, 'num_acc' AS field, num_acc AS value,
      'accident id does not start with the file''s year ' || year || '; row dropped' AS reason
    FROM (${yeared}) WHERE an_valid AND NOT num_acc_valid
    UNION ALL
    SELECT source_file, line, 'num_acc' AS field, num_acc AS value,
      'duplicate accident id, first seen in ' || first_seen || '; row dropped' AS reason
    FROM (${checked}) WHERE occurrence > 1
    UNION ALL
    SELECT source_file, line, 'jour' AS field, concat_ws('-', an, mois, jour) AS value,
      'impossible date (an-mois-jour)' AS reason
    FROM (${checked})
    WHERE occurrence = 1 AND event_date IS NULL AND an IS NOT NULL AND mois IS NOT NULL
      AND jour IS NOT NULL
    UNION ALL
    SELECT source_file, line, 'hrmn' AS field, hrmn AS value,
      'impossible time (expected HH:MM)' AS reason
    FROM (${checked}) WHERE occurrence = 1 AND NOT coalesce(time_valid, FALSE)
    UNION ALL
    SELECT source_file, line, 'lat,long' AS field,
      coalesce(CAST(latitude AS VARCHAR), '') || ',' || coalesce(CAST(longitude AS VARCHAR), ''),
      CASE WHEN latitude IS NULL OR longitude IS NULL THEN 'missing coordinates'
        ELSE 'outside the territory of département ' || dep END AS reason
    FROM (${checked}) WHERE occurrence = 1 AND NOT coordinates_valid`;
  return { table, rejects };
}
