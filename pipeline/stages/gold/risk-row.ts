// Builds the model's feature row for a risk-map point at a local date, hour and weather.
// Browser-safe (no Node imports): the risk-map page scores the user's choice with this and
// `predictProba` from pipeline/ml/model-json.ts, exactly as gold/risk_grid does.
import { timeFeatures } from "../../features/time.ts";
import type { FeatureRow } from "../../ml/model-json.ts";
import { WEATHER_ENCODER } from "./features.ts";

/** A row of gold.risk_points: the place features of one point on the road network. */
export interface RiskPoint {
  latitude: number;
  longitude: number;
  road_class: string;
  speed_limit: number;
  dist_to_noumea_km: number;
  accident_density_5km: number;
  dist_to_road_m: number;
  n_intersections_200m: number;
  road_length_200m_m: number;
}

export interface LocalDate {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

/** Returns every feature of the model for the point at that local date, hour (0-23) and weather
 *  (`normal`, `light_rain`, `heavy_rain` or `fog`). */
export function riskFeatureRow(
  point: RiskPoint,
  date: LocalDate,
  hour: number,
  weather: string,
): FeatureRow {
  const encoded = WEATHER_ENCODER[weather];
  if (!encoded) {
    throw new Error(
      `riskFeatureRow: unknown weather "${weather}"; ` +
        `expected ${Object.keys(WEATHER_ENCODER).join(", ")}.`,
    );
  }

  const time = timeFeatures(date.year, date.month, date.day, hour);
  return {
    ...time,
    atm: encoded.atm,
    latitude: point.latitude,
    longitude: point.longitude,
    dist_to_noumea_km: point.dist_to_noumea_km,
    accident_density_5km: point.accident_density_5km,
    dist_to_road_m: point.dist_to_road_m,
    road_class: point.road_class,
    speed_limit: point.speed_limit,
    n_intersections_200m: point.n_intersections_200m,
    road_length_200m_m: point.road_length_200m_m,
    lat_hour: point.latitude * time.hour,
    lon_hour: point.longitude * time.hour,
    lat_dayofweek: point.latitude * time.dayofweek,
    lon_dayofweek: point.longitude * time.dayofweek,
    hour_weekend: time.hour * time.is_weekend,
    month_dayofweek: time.month * time.dayofweek,
  };
}
