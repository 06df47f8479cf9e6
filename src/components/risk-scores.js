// Probabilities of the risk grid for a date, hour and weather, from data/risk.json.

/** Returns the grid points with their probability, highest first. */
export function scoreGrid(risk, {hour, weather}) {
  const {points, grid, scale} = risk;
  const byHour = grid[weather]?.[hour];
  if (!byHour) return [];
  const scored = points.point_id.map((pointId, i) => ({
    point_id: pointId,
    latitude: points.latitude[i],
    longitude: points.longitude[i],
    road_class: points.road_class[i],
    probability: byHour[i] / scale,
  }));
  return scored.sort((a, b) => b.probability - a.probability);
}
