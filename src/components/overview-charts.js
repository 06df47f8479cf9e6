// Charts of the overview page. Each takes rows from data/overview.json and a width.
import * as Plot from "@observablehq/plot";
import {DAY_NAMES} from "./codes.js";
import {formatInteger, numberTicks} from "./format.js";

// Months are UTC midnights (Plot's default time scale is UTC), so they are formatted in UTC.
const monthFormat = new Intl.DateTimeFormat("fr-FR", {
  month: "short", year: "numeric", timeZone: "UTC"
});

export function yearBars(byYear, {width}) {
  const long = byYear.flatMap((d) => [
    {year: String(d.year), measure: "Accidents", value: d.accidents},
    {year: String(d.year), measure: "Victimes", value: d.victims},
    {year: String(d.year), measure: "Tués", value: d.killed},
  ]);
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 50,
    // The year goes under its bars (the legend names the measures), and the top inset leaves
    // room for the value above the tallest bar, which the year used to overlap.
    x: {axis: null, domain: ["Accidents", "Victimes", "Tués"]},
    fx: {label: null, axis: "bottom"},
    y: {label: "Nombre", grid: true, insetTop: 18, tickFormat: numberTicks(0)},
    color: {legend: true, domain: ["Accidents", "Victimes", "Tués"]},
    marks: [
      Plot.barY(long, {fx: "year", x: "measure", y: "value", fill: "measure", tip: true}),
      Plot.text(long, {
        fx: "year", x: "measure", y: "value", text: (d) => formatInteger(d.value), dy: -6
      }),
      Plot.ruleY([0]),
    ],
  });
}

export function monthlyTrend(monthly, {width}) {
  const rows = monthly.map((d) => ({...d, month: new Date(d.month)}));
  return Plot.plot({
    width,
    height: 260,
    y: {label: "Accidents par mois", grid: true, tickFormat: numberTicks(0)},
    x: {label: null, tickFormat: (d) => monthFormat.format(d)},
    marks: [
      Plot.lineY(rows, {x: "month", y: "accidents", stroke: "var(--theme-foreground-focus)"}),
      Plot.dot(rows, {x: "month", y: "accidents", r: 2, tip: true}),
      Plot.ruleY([0]),
    ],
  });
}

export function hourDayHeatmap(cells, {width}) {
  return Plot.plot({
    width,
    height: 240,
    marginLeft: 40,
    x: {label: "Heure", domain: Array.from({length: 24}, (_, h) => h)},
    y: {label: null, domain: [0, 1, 2, 3, 4, 5, 6], tickFormat: (d) => DAY_NAMES[d]},
    color: {scheme: "orrd", legend: true, label: "Accidents", tickFormat: numberTicks(0)},
    marks: [
      Plot.cell(cells, {x: "hour", y: "dayofweek", fill: "accidents", inset: 0.5, tip: true}),
    ],
  });
}

/** Horizontal bars of `rows` ({label, accidents}), largest first. */
export function categoryBars(rows, {width, label}) {
  return Plot.plot({
    width,
    height: Math.max(120, 24 * rows.length + 40),
    marginLeft: 190,
    x: {label, grid: true, tickFormat: numberTicks(0)},
    y: {label: null},
    marks: [
      Plot.barX(rows, {x: "accidents", y: "label", sort: {y: "-x"}, fill: "steelblue", tip: true}),
      Plot.text(rows, {x: "accidents", y: "label", text: (d) => formatInteger(d.accidents),
        dx: 12}),
      Plot.ruleX([0]),
    ],
  });
}
