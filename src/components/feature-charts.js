// Charts of the feature analysis page, on the aggregates of data/features.json.
import * as Plot from "@observablehq/plot";
import {ROAD_CLASS_LABELS, labelOf} from "./codes.js";
import {formatInteger, formatPercent, numberTicks, percentTicks} from "./format.js";
import {labelFor} from "./labels.js";

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
      fx: {label: labelFor(distribution.feature), tickFormat: numberTicks(2)},
      x: {axis: null},
      y: {label: "Part de la classe", tickFormat: percentTicks, grid: true},
      marks: [
        Plot.barY(rows, {fx: "x", x: "target", y: "share", fill: "target", tip: true}),
        Plot.ruleY([0]),
      ],
    });
  }
  const binWidth = distribution.binWidth;
  return Plot.plot({
    ...common,
    x: {label: labelFor(distribution.feature), tickFormat: numberTicks(2)},
    y: {label: "Part de la classe", tickFormat: percentTicks, grid: true},
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
    marginLeft: 250,
    marginBottom: 200,
    x: {domain: features, tickRotate: -60, label: null, tickFormat: labelFor},
    y: {domain: features, label: null, tickFormat: labelFor},
    color: {
      type: "linear", scheme: "rdbu", domain: [-1, 1], legend: true, label: "Corrélation",
      tickFormat: numberTicks(1)
    },
    marks: [Plot.cell(cells, {x: "x", y: "y", fill: "r", tip: {format: {r: numberTicks(3)}}})],
  });
}

/** Share of each class (accidents, negatives) on each road class, side by side. */
export function roadClassChart(rows, {width}) {
  const data = withRoadLabels(withClass(rows));
  return Plot.plot({
    width,
    marginLeft: 190,
    x: {label: "Part de la classe", tickFormat: percentTicks, grid: true},
    y: {axis: null},
    fy: {label: null},
    color: {...CLASS_COLORS, legend: true},
    marks: [
      Plot.barX(data, {x: "share", y: "target", fy: "label", fill: "target", tip: true}),
      Plot.ruleX([0]),
    ],
  });
}

/** Counts accidents and negatives per road class and the share of accidents among them. */
export function roadClassAccidentShare(roadClasses) {
  const byClass = new Map();
  for (const d of roadClasses) {
    const row = byClass.get(d.road_class) ?? {road_class: d.road_class, accidents: 0, negatives: 0};
    if (d.is_accident === 1) row.accidents += d.n;
    else row.negatives += d.n;
    byClass.set(d.road_class, row);
  }
  return [...byClass.values()].map((d) => ({
    ...d,
    label: labelOf(ROAD_CLASS_LABELS, d.road_class),
    share: d.accidents / (d.accidents + d.negatives),
  }));
}

/** Draws the share of accidents per road class. The sampling fixes the overall share (1 accident
 *  for N negatives), so a dashed rule marks it: a class to its right has more accidents than
 *  its share of the sampled road points. */
export function accidentShareChart(rows, {width}) {
  const accidents = rows.reduce((s, d) => s + d.accidents, 0);
  const points = rows.reduce((s, d) => s + d.accidents + d.negatives, 0);
  const overall = points ? accidents / points : 0;
  return Plot.plot({
    width,
    height: Math.max(140, 30 * rows.length + 60),
    marginTop: 26,
    marginLeft: 190,
    marginRight: 120,
    x: {
      label: "Part d'accidents parmi les points de la classe", tickFormat: percentTicks,
      grid: true, domain: [0, Math.max(overall * 2, ...rows.map((d) => d.share))]
    },
    y: {label: null},
    marks: [
      Plot.barX(rows, {x: "share", y: "label", sort: {y: "-x"}, fill: "#c0392b", tip: {
        format: {share: formatPercent}
      }}),
      Plot.text(rows, {
        x: "share", y: "label", dx: 6, textAnchor: "start",
        text: (d) => `${formatPercent(d.share)} (${formatInteger(d.accidents)} / ` +
          `${formatInteger(d.accidents + d.negatives)})`
      }),
      Plot.ruleX([overall], {stroke: "#333", strokeDasharray: "4,3"}),
      Plot.text([overall], {
        x: (d) => d, frameAnchor: "top", dy: -4, lineAnchor: "bottom",
        text: (d) => `ensemble : ${formatPercent(d)}`
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** Importance of each feature in the model, largest first. */
export function importanceChart(rows, {width}) {
  return Plot.plot({
    width,
    height: Math.max(160, 18 * rows.length + 40),
    marginLeft: 270,
    x: {label: "Importance", grid: true, tickFormat: numberTicks(3)},
    y: {label: null, tickFormat: labelFor},
    marks: [
      Plot.barX(rows, {
        x: "importance", y: "feature", sort: {y: "-x"}, fill: "steelblue",
        tip: {format: {x: numberTicks(4)}}
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
    y: {label: "Score moyen prédit", grid: true, tickFormat: numberTicks(2)},
    x: {label: labelFor(feature), tickFormat: numberTicks(2)},
    marks: [
      Plot.lineY(rows, {x: "value", y: "probability", stroke: "steelblue"}),
      Plot.dot(rows, {x: "value", y: "probability", r: 2, tip: true}),
    ],
  });
}
