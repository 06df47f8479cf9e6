// Row shapes of the silver stage: the accidents it reads and the feature rows it writes.
import type { TimeFeatures } from "../../features/time.ts";
import type { PlaceFeatures } from "./place-features.ts";

/** One accident of `bronze.accidents_nc`, as the silver stage needs it. */
export interface AccidentInput {
  num_acc: string;
  /** Local New Caledonia time, held in the Date's UTC fields (BAAC times carry no zone). */
  event_time: Date;
  latitude: number | null;
  longitude: number | null;
  /** BAAC weather code (1 normal … 9 other), null when unknown. */
  atm: number | null;
  /** INSEE commune code such as `98818` (Nouméa). */
  com: string | null;
}

/** One row of `silver.full_dataset`: its time and place features plus the interactions. */
export interface FullDatasetRow extends TimeFeatures, PlaceFeatures {
  row_id: number;
  is_accident: number;
  num_acc: string | null;
  event_time: Date;
  year: number;
  com: string | null;
  atm: number;
  lat_hour: number;
  lon_hour: number;
  lat_dayofweek: number;
  lon_dayofweek: number;
  hour_weekend: number;
  month_dayofweek: number;
}

export type ColumnType = "BIGINT" | "INTEGER" | "DOUBLE" | "VARCHAR" | "TIMESTAMP" | "BOOLEAN";

/** Columns of `silver.full_dataset` in table order, with their DuckDB types. */
export const FULL_DATASET_COLUMNS: ReadonlyArray<readonly [keyof FullDatasetRow, ColumnType]> = [
  ["row_id", "BIGINT"],
  ["is_accident", "INTEGER"],
  ["num_acc", "VARCHAR"],
  ["event_time", "TIMESTAMP"],
  ["year", "INTEGER"],
  ["com", "VARCHAR"],
  ["hour", "INTEGER"],
  ["dayofweek", "INTEGER"],
  ["month", "INTEGER"],
  ["is_weekend", "INTEGER"],
  ["is_rush_morning", "INTEGER"],
  ["is_rush_evening", "INTEGER"],
  ["is_night", "INTEGER"],
  ["hour_sin", "DOUBLE"],
  ["hour_cos", "DOUBLE"],
  ["dow_sin", "DOUBLE"],
  ["dow_cos", "DOUBLE"],
  ["is_holiday", "INTEGER"],
  ["school_holidays", "INTEGER"],
  ["atm", "INTEGER"],
  ["latitude", "DOUBLE"],
  ["longitude", "DOUBLE"],
  ["dist_to_noumea_km", "DOUBLE"],
  ["accident_density_5km", "INTEGER"],
  ["dist_to_road_m", "DOUBLE"],
  ["road_class", "VARCHAR"],
  ["speed_limit", "INTEGER"],
  ["n_intersections_200m", "INTEGER"],
  ["road_length_200m_m", "DOUBLE"],
  ["lat_hour", "DOUBLE"],
  ["lon_hour", "DOUBLE"],
  ["lat_dayofweek", "DOUBLE"],
  ["lon_dayofweek", "DOUBLE"],
  ["hour_weekend", "INTEGER"],
  ["month_dayofweek", "INTEGER"],
];

/** Columns that are NULL for negatives by design; every other column must never be NULL. */
export const NULLABLE_FOR_NEGATIVES: ReadonlyArray<keyof FullDatasetRow> = ["num_acc", "com"];
