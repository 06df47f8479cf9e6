// Scores the risk grid in the browser with the model JSON, for a chosen date, hour and weather.
// `scoring` is the bundle of src/lib/scoring.js: the same riskFeatureRow and predictProba that
// gold/risk_grid runs in Node.

/** Returns the points of `risk.points` (columnar) as objects. */
export function gridPoints(risk) {
  const columns = Object.keys(risk.points);
  return risk.points.point_id.map((_, i) =>
    Object.fromEntries(columns.map((column) => [column, risk.points[column][i]]))
  );
}

/** Parses `YYYY-MM-DD` or a Date (Inputs.date returns a Date at UTC midnight). */
export function localDate(value) {
  const date = value instanceof Date ? value : new Date(`${value}T00:00:00Z`);
  return {year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate()};
}

/** Returns every point with its probability at that date, hour and weather, highest first. */
export function scoreGrid(scoring, model, points, {date, hour, weather}) {
  const day = localDate(date);
  const rows = points.map((point) => scoring.riskFeatureRow(point, day, hour, weather));
  const probabilities = scoring.predictProba(model, rows);
  return points
    .map((point, i) => ({...point, probability: probabilities[i]}))
    .sort((a, b) => b.probability - a.probability || a.point_id - b.point_id);
}
