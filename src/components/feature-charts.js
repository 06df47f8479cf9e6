// Charts of the feature analysis page, on the aggregates of data/features.json.
import * as Plot from "@observablehq/plot";
import {ROAD_CLASS_LABELS, labelOf} from "./codes.js";

const CLASS_NAMES = new Map([[1, "Accidents"], [0, "Négatifs (sans accident)"]]);
const CLASS_COLORS = {
  domain: ["Accidents", "Négatifs (sans accident)"],
  range: ["#c0392b", "#7f8c8d"],
};

const withClass = (rows) => rows.map((d) => ({...d, target: CLASS_NAMES.get(d.is_accident)}));
const withRoadLabels = (rows) =>
  rows.map((d) => ({...d, label: labelOf(ROAD_CLASS_LABELS, d.road_class)}));

/** Share of accidents and of negatives per value (categorical) or per bin (numeric). */
export function distributionChart(distribution, {width}) {
  const rows = withClass(distribution.rows);
  const common = {width, height: 280, color: {...CLASS_COLORS, legend: true}};
  if (distribution.categorical) {
    return Plot.plot({
      ...common,
      fx: {
        label: distribution.feature,
        tickFormat: (d) => (Number.isInteger(d) ? d : d.toFixed(2)),
      },
      x: {axis: null},
      y: {label: "Part de la classe", tickFormat: "%", grid: true},
      marks: [
        Plot.barY(rows, {fx: "x", x: "target", y: "share", fill: "target", tip: true}),
        Plot.ruleY([0]),
      ],
    });
  }
  const binWidth = distribution.binWidth;
  return Plot.plot({
    ...common,
    x: {label: distribution.feature},
    y: {label: "Part de la classe", tickFormat: "%", grid: true},
    marks: [
      Plot.rectY(rows, {
        x1: "x", x2: (d) => d.x + binWidth, y: "share", fill: "target", fillOpacity: 0.45,
        mixBlendMode: "multiply", tip: true
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Pearson correlation between every pair of features. */
export function correlationMatrix(cells, {width}) {
  const features = [...new Set(cells.map((d) => d.x))];
  return Plot.plot({
    width,
    height: width * 0.85,
    marginLeft: 150,
    marginBottom: 130,
    x: {domain: features, tickRotate: -60, label: null},
    y: {domain: features, label: null},
    color: {type: "linear", scheme: "rdbu", domain: [-1, 1], legend: true, label: "Corrélation"},
    marks: [Plot.cell(cells, {x: "x", y: "y", fill: "r", tip: true})],
  });
}

/** Share of each class (accidents, negatives) on each road class, side by side. */
export function roadClassChart(rows, {width}) {
  const data = withRoadLabels(withClass(rows));
  return Plot.plot({
    width,
    marginLeft: 190,
    x: {label: "Part de la classe", tickFormat: "%", grid: true},
    y: {axis: null},
    fy: {label: null},
    color: {...CLASS_COLORS, legend: true},
    marks: [
      Plot.barX(data, {x: "share", y: "target", fy: "label", fill: "target", tip: true}),
      Plot.ruleX([0]),
    ],
  });
}

/** Points per speed limit and road class, one row of facets per class of the target. */
export function speedLimitChart(rows, {width}) {
  const data = withRoadLabels(withClass(rows));
  return Plot.plot({
    width,
    marginLeft: 190,
    marginRight: 110,
    x: {label: "Vitesse maximale autorisée (km/h)", grid: true},
    y: {label: null},
    fy: {label: null},
    r: {range: [2, 16]},
    color: {...CLASS_COLORS},
    marks: [
      Plot.dot(data, {
        x: "speed_limit", y: "label", fy: "target", r: "n", fill: "target", fillOpacity: 0.6,
        tip: true
      }),
    ],
  });
}

/** Importance of each feature in the model, largest first. */
export function importanceChart(rows, {width}) {
  return Plot.plot({
    width,
    height: Math.max(160, 18 * rows.length + 40),
    marginLeft: 170,
    x: {label: "Importance", grid: true},
    y: {label: null},
    marks: [
      Plot.barX(rows, {
        x: "importance", y: "feature", sort: {y: "-x"}, fill: "steelblue", tip: true
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** Mean predicted probability as one feature varies, the others kept as observed; `rows` are
 *  `{value, probability}` of that one feature. */
export function partialDependenceChart(rows, {width, feature}) {
  return Plot.plot({
    width,
    height: 220,
    y: {label: "Probabilité moyenne prédite", grid: true},
    x: {label: feature},
    marks: [
      Plot.lineY(rows, {x: "value", y: "probability", stroke: "steelblue"}),
      Plot.dot(rows, {x: "value", y: "probability", r: 2, tip: true}),
    ],
  });
}
