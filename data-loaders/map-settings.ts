// Tile server of the site's maps, from MAP_TILE_URL and MAP_TILE_ATTRIBUTION.
import { readSettings } from "../pipeline/config.ts";

export interface MapSettings {
  tiles: { url: string; attribution: string };
}

export function loadMapSettings(
  env: Record<string, string | undefined> = process.env,
): MapSettings {
  const settings = readSettings(env);
  return { tiles: { url: settings.mapTileUrl, attribution: settings.mapTileAttribution } };
}
