// Decoding of the compact roads file written by data-loaders/roads.ts: each road is
// `[classIndex, lat0, lon0, dLat1, dLon1, …]`, integers in units of 1/scale degree, every
// point after the first given as the difference from the previous one.

export const ROAD_STYLES = {
  motorway: {color: "#c0392b", weight: 3},
  trunk: {color: "#d35400", weight: 3},
  primary: {color: "#e67e22", weight: 2.5},
  secondary: {color: "#f1c40f", weight: 2},
  tertiary: {color: "#95a5a6", weight: 1.5},
  residential: {color: "#b0b6ba", weight: 1},
  unclassified: {color: "#b0b6ba", weight: 1},
  service: {color: "#d0d4d6", weight: 0.8},
  unknown: {color: "#9aa3a8", weight: 1},
};

/** Returns `{roadClass, points: [[lat, lon], …]}` for every road of the file. */
export function decodeRoads({scale, classes, roads}) {
  return roads.map((encoded) => {
    const points = [];
    let lat = 0;
    let lon = 0;
    for (let i = 1; i < encoded.length; i += 2) {
      lat += encoded[i];
      lon += encoded[i + 1];
      points.push([lat / scale, lon / scale]);
    }
    return {roadClass: classes[encoded[0]], points};
  });
}
