// The model's features: their order, kind and meaning, and the encoders that turn the risk-map
// choices (weather) into BAAC codes. Shared by the gold assets and saved as JSON artifacts.
import { ROAD_CLASSES } from "../../geo/road-classes.ts";
import type { FeatureKind, FeatureSpec } from "../../ml/model-json.ts";

export interface FeatureDefinition extends FeatureSpec {
  description: string;
}

/** BAAC `atm` codes, 1 to 9; -1 (unknown) is imputed to 1 in silver. */
export const ATM_CODES = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

const feature = (
  name: string,
  kind: FeatureKind,
  description: string,
  categories?: readonly string[],
): FeatureDefinition => ({
  name,
  kind,
  description,
  ...(categories ? { categories: [...categories] } : {}),
});

export const FEATURES: FeatureDefinition[] = [
  feature("hour", "numeric", "Local hour of the event, 0-23"),
  feature("dayofweek", "numeric", "Day of the week, Monday = 0"),
  feature("month", "numeric", "Month, 1-12"),
  feature("is_weekend", "binary", "1 on Saturday and Sunday"),
  feature("is_rush_morning", "binary", "1 from 6:00 to 8:59"),
  feature("is_rush_evening", "binary", "1 from 16:00 to 18:59"),
  feature("is_night", "binary", "1 from 19:00 to 4:59, dark all year in Nouméa"),
  feature("hour_sin", "cyclic", "sin(2π · hour / 24)"),
  feature("hour_cos", "cyclic", "cos(2π · hour / 24)"),
  feature("dow_sin", "cyclic", "sin(2π · dayofweek / 7)"),
  feature("dow_cos", "cyclic", "cos(2π · dayofweek / 7)"),
  feature("is_holiday", "binary", "1 on a public holiday in New Caledonia"),
  feature("school_holidays", "binary", "1 during New Caledonia's school holidays"),
  feature(
    "atm",
    "categorical",
    "BAAC weather code (1 normal, 2 light rain, 3 heavy rain, 5 fog…)",
    ATM_CODES,
  ),
  feature("latitude", "numeric", "Latitude, WGS84 degrees"),
  feature("longitude", "numeric", "Longitude, WGS84 degrees"),
  feature("dist_to_noumea_km", "numeric", "Great-circle distance to central Nouméa, km"),
  feature("accident_density_5km", "numeric", "Other accidents of the data within 5 km"),
  feature("dist_to_road_m", "numeric", "Distance to the nearest road segment, m"),
  feature("road_class", "categorical", "Class of the nearest road", ROAD_CLASSES),
  feature(
    "speed_limit",
    "numeric",
    "Speed limit of the nearest road, km/h (imputed by class when unknown)",
  ),
  feature("n_intersections_200m", "numeric", "Road intersections within 200 m"),
  feature("road_length_200m_m", "numeric", "Road length within 200 m, m"),
  feature("lat_hour", "interaction", "latitude × hour"),
  feature("lon_hour", "interaction", "longitude × hour"),
  feature("lat_dayofweek", "interaction", "latitude × dayofweek"),
  feature("lon_dayofweek", "interaction", "longitude × dayofweek"),
  feature("hour_weekend", "interaction", "hour × is_weekend"),
  feature("month_dayofweek", "interaction", "month × dayofweek"),
];

/** The model's view of the features: name, kind and categories, without descriptions. */
export function featureSpecs(): FeatureSpec[] {
  return FEATURES.map(({ name, kind, categories }) => ({
    name,
    kind,
    ...(categories ? { categories } : {}),
  }));
}

/** Weather choices of the risk map and the BAAC `atm` code each one stands for. */
export const WEATHER_ENCODER: Record<string, { atm: number; description: string }> = {
  normal: { atm: 1, description: "Normal weather (atm 1)" },
  light_rain: { atm: 2, description: "Light rain (atm 2)" },
  heavy_rain: { atm: 3, description: "Heavy rain (atm 3)" },
  fog: { atm: 5, description: "Fog or smoke (atm 5)" },
};

export const WEATHERS = Object.keys(WEATHER_ENCODER);

/** Columns of gold.train and gold.test before the features. */
export const ID_COLUMNS = ["row_id", "is_accident", "num_acc", "event_time", "year", "com"];
