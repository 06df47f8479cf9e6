// Loads the real accidents of New Caledonia (2020 and 2021) straight from the BAAC files with an
// in-memory DuckDB, in the shape the silver stage takes, so silver tests need no bronze stage.
import { DuckDBInstance } from "@duckdb/node-api";
import type { AccidentInput } from "../../pipeline/stages/silver/types.ts";
import { sharedPath } from "../support/shared.ts";

export const ROAD_FILES = [
  sharedPath("data", "roads", "noumea-bdroute.geojson"),
  sharedPath("data", "roads", "nc-main-roads.geojson"),
];

/** Returns a DuckDB query for the accidents of département 988 in 2020 and 2021, read from the
 *  BAAC files with the columns of `bronze.accidents_nc` that the silver stage uses. */
export function realAccidentsSql(): string {
  const list = [
    sharedPath("data", "baac", "caracteristiques-2020.csv.gz"),
    sharedPath("data", "baac", "carcteristiques-2021.csv.gz"),
  ].map((file) => `'${file}'`).join(", ");

  // Every column as text: coordinates use decimal commas and codes carry a leading space.
  return `
    SELECT
      Num_Acc AS num_acc,
      CAST(an AS INTEGER) AS year,
      make_timestamp(CAST(an AS INTEGER), CAST(mois AS INTEGER), CAST(jour AS INTEGER),
        CAST(split_part(hrmn, ':', 1) AS INTEGER), CAST(split_part(hrmn, ':', 2) AS INTEGER), 0
      ) AS event_time,
      CAST(replace(trim(lat), ',', '.') AS DOUBLE) AS latitude,
      CAST(replace(trim(long), ',', '.') AS DOUBLE) AS longitude,
      trim(com) AS com,
      nullif(CAST(trim(atm) AS INTEGER), -1) AS atm
    FROM read_csv([${list}], delim = ';', quote = '"', header = true, all_varchar = true,
                  union_by_name = true)
    WHERE trim(dep) = '988'`;
}

let cached: AccidentInput[] | undefined;

/** Loads the 602 accidents of département 988, ordered by `num_acc`. */
export async function loadRealAccidents(): Promise<AccidentInput[]> {
  if (cached) return cached;

  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(`
    SELECT num_acc, epoch_ms(event_time) AS event_ms, latitude, longitude, atm, com
    FROM (${realAccidentsSql()})
    ORDER BY num_acc`);
  cached = reader.getRowObjectsJS().map((row) => ({
    num_acc: String(row.num_acc),
    event_time: new Date(Number(row.event_ms)),
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    atm: row.atm === null ? null : Number(row.atm),
    com: row.com === null ? null : String(row.com),
  }));
  connection.closeSync();
  instance.closeSync();
  return cached;
}
