// Place features that the browser also computes: pure TypeScript, no Node or package imports.

/** Mean Earth radius in kilometres (IUGG), the same value @turf/turf uses. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Centre of Nouméa: Place des Cocotiers, to about 100 m. */
export const NOUMEA_CENTRE = { latitude: -22.2739, longitude: 166.4428 } as const;

const RADIANS_PER_DEGREE = Math.PI / 180;

/** Great-circle (haversine) distance in kilometres between two WGS84 points. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RADIANS_PER_DEGREE;
  const dLon = (lon2 - lon1) * RADIANS_PER_DEGREE;
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * RADIANS_PER_DEGREE) *
      Math.cos(lat2 * RADIANS_PER_DEGREE) *
      Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Distance in kilometres from a point to the centre of Nouméa. */
export function distToNoumeaKm(latitude: number, longitude: number): number {
  return haversineKm(latitude, longitude, NOUMEA_CENTRE.latitude, NOUMEA_CENTRE.longitude);
}
