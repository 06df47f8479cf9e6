// Roads of bronze.roads for the map's offline fallback, encoded compactly: the 9,500 segments of
// Nouméa alone are several MB as GeoJSON. See src/components/roads.js for the decoder.
import { withFreshLake } from "./lake-access.ts";
import { encodeLine, parseWktLines, SCALE } from "./roads-encoding.ts";

export function loadRoads() {
  return withFreshLake(["bronze/roads"], async (lake) => {
    const view = await lake.read("bronze.roads");
    const rows = await lake.query<{ road_class: string | null; geometry_wkt: string }>(`
      SELECT road_class, geometry_wkt FROM ${view} WHERE geometry_wkt IS NOT NULL`);

    const classes: string[] = [];
    const roads: number[][] = [];
    for (const row of rows) {
      const roadClass = row.road_class ?? "unknown";
      let classIndex = classes.indexOf(roadClass);
      if (classIndex < 0) classIndex = classes.push(roadClass) - 1;
      for (const line of parseWktLines(row.geometry_wkt)) {
        const encoded = encodeLine(classIndex, line);
        if (encoded.length >= 5) roads.push(encoded);
      }
    }
    return { scale: SCALE, classes, roads };
  });
}
