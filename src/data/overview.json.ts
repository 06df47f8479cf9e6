// Counts by year, month, hour and day, commune, weather and lighting (bronze.accidents_nc).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadOverview } from "../../data-loaders/overview.ts";

await emitJson(loadOverview);
