// Tile URL and attribution of the maps.
import { emitJson } from "../../data-loaders/emit.ts";
import { loadMapSettings } from "../../data-loaders/map-settings.ts";

await emitJson(async () => loadMapSettings());
