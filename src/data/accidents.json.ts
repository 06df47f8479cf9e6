// Accidents shown on the map (bronze.accidents_nc).
import { loadAccidents } from "../../data-loaders/accidents.ts";
import { emitJson } from "../../data-loaders/emit.ts";

await emitJson(loadAccidents);
