// Figures of the overview page, aggregated from bronze.accidents_nc: a few hundred rows in all.
import { toJsonRows, withFreshLake } from "./lake-access.ts";
import { readFreshness } from "./freshness.ts";

export function loadOverview() {
  return withFreshLake(["bronze/accidents_nc"], async (lake) => {
    const view = await lake.read("bronze.accidents_nc");
    const query = async (sql: string) => toJsonRows(await lake.query(sql));

    const byYear = await query(`
      SELECT year, CAST(count(*) AS INTEGER) AS accidents,
             CAST(sum(n_victims) AS INTEGER) AS victims,
             CAST(sum(n_killed) AS INTEGER) AS killed,
             CAST(sum(n_hospitalized) AS INTEGER) AS hospitalized,
             CAST(count(*) FILTER (WHERE n_killed > 0) AS INTEGER) AS fatal_accidents
      FROM ${view} GROUP BY year ORDER BY year`);
    const monthly = await query(`
      SELECT strftime(date_trunc('month', event_time), '%Y-%m-%d') AS month,
             CAST(count(*) AS INTEGER) AS accidents,
             CAST(sum(n_victims) AS INTEGER) AS victims
      FROM ${view} WHERE event_time IS NOT NULL GROUP BY 1 ORDER BY 1`);
    // isodow: Monday = 1, so dayofweek below is Monday = 0 as in silver.full_dataset.
    const hourByDay = await query(`
      SELECT CAST(hour(event_time) AS INTEGER) AS hour,
             CAST(isodow(event_time) - 1 AS INTEGER) AS dayofweek,
             CAST(count(*) AS INTEGER) AS accidents
      FROM ${view} WHERE event_time IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
    const byCommune = await query(`
      SELECT com, CAST(count(*) AS INTEGER) AS accidents,
             CAST(sum(n_killed) AS INTEGER) AS killed
      FROM ${view} GROUP BY com ORDER BY accidents DESC, com`);
    const byAtm = await query(`
      SELECT atm AS code, CAST(count(*) AS INTEGER) AS accidents
      FROM ${view} GROUP BY atm ORDER BY atm NULLS LAST`);
    const byLum = await query(`
      SELECT lum AS code, CAST(count(*) AS INTEGER) AS accidents
      FROM ${view} GROUP BY lum ORDER BY lum NULLS LAST`);

    return {
      byYear, monthly, hourByDay, byCommune, byAtm, byLum,
      freshness: await readFreshness(lake),
    };
  });
}
