// Compact encoding of road lines for the browser; src/components/roads.js decodes it.

// 1e-4 degree is about 11 m, fine for a base map read at city zoom.
export const SCALE = 10_000;

/** Returns the lines of a WKT LINESTRING or MULTILINESTRING as [lon, lat] pairs. */
export function parseWktLines(wkt: string): number[][][] {
  const body = /^\s*(MULTI)?LINESTRING\s*\((.*)\)\s*$/i.exec(wkt);
  if (!body) {
    throw new Error(`bronze.roads geometry_wkt: expected LINESTRING or MULTILINESTRING, got ` +
      `${JSON.stringify(wkt.slice(0, 60))}. Check the roads asset.`);
  }
  const parts = body[1] ? body[2].split(/\)\s*,\s*\(/) : [body[2]];
  return parts.map((part) =>
    part.replace(/[()]/g, "").split(",").map((pair) => pair.trim().split(/\s+/).map(Number)),
  );
}

/** Encodes one line as `[classIndex, lat0, lon0, dLat, dLon, …]`, dropping points that round to
 *  the previous one. */
export function encodeLine(classIndex: number, line: number[][]): number[] {
  const encoded = [classIndex];
  let lastLat = 0;
  let lastLon = 0;
  for (const [lon, lat] of line) {
    const qLat = Math.round(lat * SCALE);
    const qLon = Math.round(lon * SCALE);
    if (encoded.length > 1 && qLat === lastLat && qLon === lastLon) continue;
    encoded.push(qLat - lastLat, qLon - lastLon);
    lastLat = qLat;
    lastLon = qLon;
  }
  return encoded;
}
