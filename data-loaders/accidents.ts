// Accidents for the map page: one row per accident of bronze.accidents_nc with what the popups
// and filters show. About 300 accidents a year, so JSON stays small.
import { toJsonRows, withFreshLake } from "./lake-access.ts";

export function loadAccidents() {
  return withFreshLake(["bronze/accidents_nc"], async (lake) => {
    const view = await lake.read("bronze.accidents_nc");
    const rows = await lake.query(`
      SELECT num_acc, year,
             strftime(event_time, '%Y-%m-%dT%H:%M:%S') AS event_time,
             CAST(month(event_time) AS INTEGER) AS month,
             CAST(hour(event_time) AS INTEGER) AS hour,
             latitude, longitude, com, adr, atm, lum, severity,
             n_victims, n_killed, n_hospitalized, n_slightly_injured
      FROM ${view}
      WHERE latitude IS NOT NULL AND longitude IS NOT NULL
      ORDER BY event_time, num_acc`);
    const [{ without_coordinates }] = await lake.query<{ without_coordinates: number }>(`
      SELECT CAST(count(*) AS INTEGER) AS without_coordinates
      FROM ${view} WHERE latitude IS NULL OR longitude IS NULL`);
    return { accidents: toJsonRows(rows), withoutCoordinates: without_coordinates };
  });
}
