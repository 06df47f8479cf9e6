// Downloads the drivable OpenStreetMap roads of a département's bounding box from the Overpass
// API, once: the response is cached under `<cache dir>/roads/` and reused while the query is
// the same.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DRIVABLE_HIGHWAYS } from "../geo/road-classes.ts";

/** A WGS84 bounding box in degrees. */
export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Bounding boxes of the départements whose roads can be downloaded. 988 covers Grande Terre,
 *  the Belep islands, the Isle of Pines and the Loyalty Islands. */
export const DEPARTMENT_BBOX: Record<string, BoundingBox> = {
  "988": { south: -22.9, west: 163.5, north: -19.5, east: 168.2 },
};

/** Seconds the Overpass server may spend on the query before it gives up. */
const OVERPASS_TIMEOUT_S = 300;

/** Builds the Overpass QL query for the drivable ways of a box and the nodes they use. */
export function overpassRoadsQuery(bbox: BoundingBox): string {
  const highways = DRIVABLE_HIGHWAYS.join("|");
  const box = `${bbox.south},${bbox.west},${bbox.north},${bbox.east}`;
  return [
    `[out:xml][timeout:${OVERPASS_TIMEOUT_S}];`,
    `way["highway"~"^(${highways})$"](${box});`,
    "(._;>;);",
    "out body;",
  ].join("\n");
}

/** Returns the cache file of a query: the same query always maps to the same file. */
export function overpassCachePath(cacheDir: string, department: string, query: string): string {
  const digest = createHash("sha256").update(query).digest("hex").slice(0, 16);
  return join(cacheDir, "roads", `overpass-${department}-${digest}.osm`);
}

export interface OverpassDownload {
  department: string;
  cacheDir: string;
  /** The interpreter endpoint, such as `https://overpass-api.de/api/interpreter`. */
  url: string;
  fetchImpl?: typeof fetch;
  log?: (message: string) => void;
  /** False to raise instead of downloading when the cache file is missing. Default true. */
  download?: boolean;
}

/** Returns the path of the cached OSM XML of the département's roads, downloading it first when
 *  it is not cached. Raises with the URL, the reason and what to do when the download fails. */
export async function downloadOverpassRoads(options: OverpassDownload): Promise<string> {
  const bbox = DEPARTMENT_BBOX[options.department];
  if (!bbox) {
    throw new Error(
      `No bounding box is known for département ${options.department}, so its roads cannot be ` +
        "downloaded: set ROADS_SOURCE to local GeoJSON or OSM XML files (comma-separated).",
    );
  }

  const query = overpassRoadsQuery(bbox);
  const path = overpassCachePath(options.cacheDir, options.department, query);
  if (existsSync(path)) return path;
  if (options.download === false) {
    throw new Error(
      `Roads of département ${options.department} are not downloaded yet (cache ${path}); ` +
        "run materialize, or set ROADS_SOURCE to local GeoJSON or OSM XML files.",
    );
  }

  const fetchImpl = options.fetchImpl ?? fetch;
  const advice =
    "Set ROADS_SOURCE to local GeoJSON or OSM XML files (comma-separated), or retry when the " +
    "Overpass server is reachable.";
  options.log?.(`downloading roads of ${options.department} from ${options.url}`);

  let body: string;
  try {
    const response = await fetchImpl(options.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `data=${encodeURIComponent(query)}`,
      signal: AbortSignal.timeout((OVERPASS_TIMEOUT_S + 60) * 1000),
    });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} ${response.statusText}`);
    }
    body = await response.text();
  } catch (error) {
    // fetch() reports network failures as "fetch failed" with the real reason in `cause`.
    const cause = (error as Error).cause;
    const reason = cause instanceof Error ? cause.message : (error as Error).message;
    throw new Error(
      `Download of the roads of département ${options.department} from ${options.url} failed: ` +
        `${reason}. ${advice}`,
    );
  }
  if (!body.includes("<osm")) {
    throw new Error(
      `The Overpass response from ${options.url} is not OSM XML (starts with ` +
        `${JSON.stringify(body.slice(0, 80))}). ${advice}`,
    );
  }

  // Written beside its final name, then renamed, so an interrupted download leaves no cache file.
  await mkdir(join(options.cacheDir, "roads"), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, body);
  await rename(partial, path);
  return path;
}
