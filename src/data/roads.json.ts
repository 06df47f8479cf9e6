// Roads drawn on the maps when the tile server cannot be reached (bronze.roads).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadRoads } from "../../data-loaders/roads.ts";

await emitJson(loadRoads);
