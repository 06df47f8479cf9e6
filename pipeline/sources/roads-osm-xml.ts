// Reads drivable roads from an OpenStreetMap XML file (an .osm export or an Overpass response with
// `out body` and its nodes). Ways are split at nodes they share with other ways, so that segment
// ends are junctions, as they are in a road database.
import { XMLParser } from "fast-xml-parser";
import type { LonLat } from "../geo/distance.ts";
import { DRIVABLE_HIGHWAYS } from "../geo/road-classes.ts";
import { cleanCoordinates, type RoadLine, type RoadSourceResult } from "./road-line.ts";

interface OsmTag {
  k: string;
  v: string;
}

interface OsmWay {
  id: string;
  nd?: Array<{ ref: string }>;
  tag?: OsmTag[];
}

interface OsmNode {
  id: string;
  lat: string;
  lon: string;
}

interface OsmDocument {
  osm?: { node?: OsmNode[]; way?: OsmWay[] };
}

const REPEATED_ELEMENTS = new Set(["node", "way", "nd", "tag", "relation", "member"]);

function tagsOf(way: OsmWay): Map<string, string> {
  return new Map((way.tag ?? []).map((tag) => [String(tag.k), String(tag.v)]));
}

/** Parses OSM XML into road lines; only ways whose `highway` is a drivable class are kept. */
export function parseRoadOsmXml(text: string, file: string, source: string): RoadSourceResult {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    isArray: (name) => REPEATED_ELEMENTS.has(name),
  });
  let document: OsmDocument;
  try {
    document = parser.parse(text) as OsmDocument;
  } catch (error) {
    throw new Error(`${file}: invalid XML (${(error as Error).message}).`);
  }
  if (!document.osm) throw new Error(`${file}: no <osm> root element; expected OSM XML.`);

  const positions = new Map<string, LonLat>();
  for (const node of document.osm.node ?? []) {
    const lon = Number(node.lon);
    const lat = Number(node.lat);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      throw new Error(`${file}: node ${node.id} has invalid lat="${node.lat}" lon="${node.lon}".`);
    }
    positions.set(String(node.id), [lon, lat]);
  }

  const drivable = new Set<string>(DRIVABLE_HIGHWAYS);
  const ways = (document.osm.way ?? []).filter((way) =>
    drivable.has(tagsOf(way).get("highway") ?? ""),
  );
  const skippedWays = (document.osm.way ?? []).length - ways.length;

  // A node used twice or more (by two ways, or twice by one way) is a junction to split at.
  const uses = new Map<string, number>();
  for (const way of ways) {
    for (const nd of way.nd ?? []) uses.set(String(nd.ref), (uses.get(String(nd.ref)) ?? 0) + 1);
  }

  const lines: RoadLine[] = [];
  let skipped = skippedWays;
  for (const way of ways) {
    const tags = tagsOf(way);
    const refs = (way.nd ?? []).map((nd) => String(nd.ref)).filter((ref) => positions.has(ref));
    if (refs.length < 2) {
      skipped++;
      continue;
    }

    let part = 0;
    let current: string[] = [refs[0]];
    const flush = (): void => {
      const coordinates = cleanCoordinates(current.map((ref) => positions.get(ref) as LonLat));
      if (coordinates) {
        lines.push({
          segmentId: `${source}:way/${way.id}.${part}`,
          source,
          coordinates,
          highway: tags.get("highway"),
          maxspeed: tags.get("maxspeed"),
          name: tags.get("name"),
          ref: tags.get("ref"),
        });
        part++;
      }
    };
    for (let i = 1; i < refs.length; i++) {
      current.push(refs[i]);
      const isLast = i === refs.length - 1;
      if (!isLast && (uses.get(refs[i]) ?? 0) >= 2) {
        flush();
        current = [refs[i]];
      }
    }
    flush();
  }
  return { lines, skipped };
}
