// Road sources: local GeoJSON or OSM XML files (several may be combined), or, when none is
// configured, the département's OpenStreetMap roads downloaded from Overpass and cached.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { RoadLine } from "./road-line.ts";
import { parseRoadGeoJson } from "./roads-geojson.ts";
import { parseRoadOsmXml } from "./roads-osm-xml.ts";
import { downloadOverpassRoads } from "./roads-overpass.ts";

export type { RoadLine } from "./road-line.ts";

export interface RoadSourceOptions {
  /** Local files; empty means "download from Overpass". */
  sources: string[];
  department: string;
  cacheDir: string;
  overpassUrl: string;
  fetchImpl?: typeof fetch;
  log?: (message: string) => void;
  /** False to report the Overpass cache file if present and raise if not, never downloading
   *  (`pipeline status`). Default true. */
  download?: boolean;
}

/** A file the roads were read from, with the label its lines carry in `source`. */
export interface RoadSourceFile {
  path: string;
  label: string;
  sha256: string;
}

/** Returns the files to read: the configured ones (which must exist), or the Overpass cache file,
 *  downloaded first when missing (unless `download` is false: then a missing cache raises). */
export async function resolveRoadSourceFiles(
  options: RoadSourceOptions,
): Promise<RoadSourceFile[]> {
  const paths = options.sources.length
    ? options.sources
    : [
        await downloadOverpassRoads({
          department: options.department,
          cacheDir: options.cacheDir,
          url: options.overpassUrl,
          fetchImpl: options.fetchImpl,
          log: options.log,
          download: options.download,
        }),
      ];

  const labels = new Set<string>();
  const files: RoadSourceFile[] = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      throw new Error(
        `Road source not found: ${path} (from ROADS_SOURCE). Give existing GeoJSON or OSM XML ` +
          "files, comma-separated, or unset ROADS_SOURCE to download OpenStreetMap roads.",
      );
    }
    // Labels prefix segment ids, so two files with the same name get distinct labels.
    let label = basename(path, extname(path));
    for (let n = 2; labels.has(label); n++) label = `${basename(path, extname(path))}-${n}`;
    labels.add(label);

    const sha256 = createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
    files.push({ path, label, sha256 });
  }
  return files;
}

/** Parses one file as GeoJSON or OSM XML, by extension, else by its first character. */
export async function readRoadFile(
  file: RoadSourceFile,
): Promise<{ lines: RoadLine[]; skipped: number }> {
  const text = await readFile(file.path, "utf8");
  const extension = extname(file.path).toLowerCase();
  const first = text.trimStart()[0];

  if (
    extension === ".geojson" ||
    extension === ".json" ||
    (extension !== ".osm" && first === "{")
  ) {
    return parseRoadGeoJson(text, file.path, file.label);
  }
  if (extension === ".osm" || extension === ".xml" || first === "<") {
    return parseRoadOsmXml(text, file.path, file.label);
  }
  throw new Error(
    `${file.path}: unknown road file format; expected GeoJSON (.geojson, .json) or OSM XML ` +
      "(.osm, .xml).",
  );
}

/** Reads every configured road source into lines, in source order. */
export async function readRoadSources(
  options: RoadSourceOptions,
): Promise<{ files: RoadSourceFile[]; lines: RoadLine[]; skipped: number }> {
  const files = await resolveRoadSourceFiles(options);
  const lines: RoadLine[] = [];
  let skipped = 0;
  for (const file of files) {
    const result = await readRoadFile(file);
    lines.push(...result.lines);
    skipped += result.skipped;
  }
  return { files, lines, skipped };
}
