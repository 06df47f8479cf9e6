// Charts of the model page, on data/model.json.
import * as Plot from "@observablehq/plot";
import {formatInteger, formatNumber, numberTicks, percentTicks} from "./format.js";

const pct = percentTicks;
const ticks = numberTicks(2);

/** ROC curve with the diagonal of a random classifier. */
export function rocChart(points, {width, auc}) {
  return Plot.plot({
    width,
    height: Math.min(360, width),
    x: {label: "Taux de faux positifs", domain: [0, 1], tickFormat: ticks},
    y: {label: "Taux de vrais positifs", domain: [0, 1], grid: true, tickFormat: ticks},
    marks: [
      Plot.line([[0, 0], [1, 1]], {stroke: "#bbb", strokeDasharray: "4,3"}),
      Plot.line(points, {x: "fpr", y: "tpr", stroke: "steelblue", strokeWidth: 2}),
      Plot.text([`AUC = ${formatNumber(auc, 3)}`], {frameAnchor: "bottom-right", dx: -10, dy: -10}),
    ],
  });
}

/** Precision-recall curve with the share of accidents as the baseline. */
export function prChart(points, {width, baseline, auc}) {
  return Plot.plot({
    width,
    height: Math.min(360, width),
    x: {label: "Rappel", domain: [0, 1], tickFormat: ticks},
    y: {label: "Précision", domain: [0, 1], grid: true, tickFormat: ticks},
    marks: [
      Plot.ruleY([baseline], {stroke: "#bbb", strokeDasharray: "4,3"}),
      Plot.line(points, {x: "recall", y: "precision", stroke: "darkorange", strokeWidth: 2}),
      Plot.text([`AUC-PR = ${formatNumber(auc, 3)}`], {frameAnchor: "top-right", dx: -10, dy: 10}),
    ],
  });
}

/** Observed share of accidents against mean predicted probability, per bin. */
export function calibrationChart(bins, {width}) {
  return Plot.plot({
    width,
    height: Math.min(360, width),
    x: {label: "Probabilité prédite (moyenne du groupe)", domain: [0, 1], tickFormat: pct},
    y: {label: "Part observée d'accidents", domain: [0, 1], grid: true, tickFormat: pct},
    r: {range: [2, 12]},
    marks: [
      Plot.line([[0, 0], [1, 1]], {stroke: "#bbb", strokeDasharray: "4,3"}),
      Plot.line(bins, {x: "predicted", y: "observed", stroke: "seagreen"}),
      Plot.dot(bins, {x: "predicted", y: "observed", r: "count", fill: "seagreen", tip: true}),
    ],
  });
}

/** Draws the confusion matrix as four labelled cells. */
export function confusionChart(confusion, {width}) {
  const cells = [
    {actual: "Accident", predicted: "Accident", n: confusion.tp},
    {actual: "Accident", predicted: "Pas d'accident", n: confusion.fn},
    {actual: "Pas d'accident", predicted: "Accident", n: confusion.fp},
    {actual: "Pas d'accident", predicted: "Pas d'accident", n: confusion.tn},
  ];
  return Plot.plot({
    width: Math.min(width, 420),
    height: 260,
    marginLeft: 110,
    x: {label: "Prédit", axis: "top"},
    y: {label: "Observé"},
    color: {scheme: "blues"},
    marks: [
      Plot.cell(cells, {x: "predicted", y: "actual", fill: "n", inset: 1}),
      Plot.text(cells, {
        x: "predicted", y: "actual", text: (d) => formatInteger(d.n), fontSize: 16,
        fill: (d) => (d.n > Math.max(...cells.map((c) => c.n)) / 2 ? "white" : "black")
      }),
    ],
  });
}

/** Mean AUC ± one standard deviation, per candidate or per validation scheme. */
export function aucIntervals(rows, {width, y = "label"}) {
  return Plot.plot({
    width,
    height: Math.max(120, 26 * rows.length + 50),
    marginLeft: 230,
    x: {label: "AUC (moyenne ± écart-type)", grid: true, tickFormat: numberTicks(3)},
    y: {label: null},
    marks: [
      Plot.ruleY(rows, {y, x1: (d) => d.auc_mean - d.auc_std, x2: (d) => d.auc_mean + d.auc_std,
        stroke: "#888"}),
      Plot.dot(rows, {y, x: "auc_mean", fill: (d) => (d.selected ? "crimson" : "steelblue"),
        r: 4, tip: true}),
    ],
  });
}
