// Download buttons: PNG and SVG under every chart, CSV under every table.
import {csvFormat} from "d3-dsv";
import * as Inputs from "@observablehq/inputs";
import {html} from "htl";
import {resize} from "observablehq:stdlib";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Triggers a browser download of a Blob under the given file name. */
function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();

  // The download has started once click() returns; revoke later so slow browsers still read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Returns the chart's main SVG: Plot returns either an <svg> or a <figure> with legends. */
function findMainSvg(chart) {
  if (chart instanceof SVGSVGElement) return chart;
  const svgs = [...chart.querySelectorAll("svg")];
  return svgs.sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0];
}

/** Serialises an SVG element as a standalone document, with explicit size and background. */
function serializeSvg(svg) {
  const copy = svg.cloneNode(true);
  const {width, height} = svg.getBoundingClientRect();
  copy.setAttribute("xmlns", SVG_NS);
  copy.setAttribute("width", String(Math.ceil(width)));
  copy.setAttribute("height", String(Math.ceil(height)));

  // Outside the page Plot's currentColor text falls back to black. A white background keeps
  // that text readable in image viewers with dark themes.
  const background = document.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", "white");
  copy.insertBefore(background, copy.firstChild);
  return {text: new XMLSerializer().serializeToString(copy), width, height};
}

async function svgToPng({text, width, height}, scale = 2) {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([text], {type: "image/svg+xml"}));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext("2d");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Wraps a chart with “PNG” and “SVG” buttons that download it as `<name>.png` / `.svg`. */
export function withImageExport(chart, name) {
  const downloadSvg = () => {
    const {text} = serializeSvg(findMainSvg(chart));
    saveBlob(new Blob([text], {type: "image/svg+xml"}), `${name}.svg`);
  };
  const downloadPng = async () => {
    const png = await svgToPng(serializeSvg(findMainSvg(chart)));
    saveBlob(png, `${name}.png`);
  };
  return html`<div class="exportable" data-export=${name}>
    ${chart}
    <div class="export-bar">
      <button type="button" data-format="png" onclick=${downloadPng}>PNG</button>
      <button type="button" data-format="svg" onclick=${downloadSvg}>SVG</button>
    </div>
  </div>`;
}

// Narrowest width a chart is drawn at: the wide left margins of the labelled bar charts (190 px)
// would leave Plot negative space below it, for instance while a screenshot resizes the page.
const MIN_CHART_WIDTH = 360;

/** Returns a chart that follows its container's width, with PNG and SVG buttons; `make(width)`
 *  draws it. */
export function responsiveChart(name, make) {
  return resize((width) => withImageExport(make(Math.max(width, MIN_CHART_WIDTH)), name));
}

/** Returns the rows as CSV text; `columns` fixes the order and which fields are written. */
export function toCsv(rows, columns) {
  const plain = rows.map((row) => {
    const copy = {};
    for (const column of columns) {
      const value = row[column];
      copy[column] = value instanceof Date ? value.toISOString() : value;
    }
    return copy;
  });
  return csvFormat(plain, columns);
}

/** Renders rows with Inputs.table and a “CSV” button that downloads `<name>.csv`. */
export function tableWithCsv(rows, name, options = {}) {
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  // fr-FR: decimal comma and narrow no-break space between thousands in every table.
  const table = Inputs.table(rows, {rows: 12.5, locale: "fr-FR", ...options, columns});
  const downloadCsv = () => {
    saveBlob(new Blob([toCsv(rows, columns)], {type: "text/csv;charset=utf-8"}), `${name}.csv`);
  };
  return html`<div class="exportable" data-export=${name}>
    ${table}
    <div class="export-bar">
      <button type="button" data-format="csv" onclick=${downloadCsv}>CSV</button>
    </div>
  </div>`;
}
