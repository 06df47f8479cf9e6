// The asset graph as an SVG, read top to bottom: one row per depth (an asset sits below all its
// upstreams), nodes coloured by the status of their last materialisation.
import {svg} from "htl";

const NODE_WIDTH = 230;
const NODE_HEIGHT = 46;
const ROW_GAP = 34;
const COLUMN_GAP = 24;
const LANE_MARGIN = 24;
const LANE_GAP = 12;

const STATUS_COLORS = {
  success: "#2e7d32",
  failed: "#c62828",
  never: "#9e9e9e",
};

/** Returns each asset's depth: 0 for assets without upstreams, else 1 + the deepest upstream. */
function depths(assets) {
  const byKey = new Map(assets.map((a) => [a.key, a]));
  const memo = new Map();
  const depthOf = (key, seen = new Set()) => {
    if (memo.has(key)) return memo.get(key);
    if (seen.has(key)) throw new Error(`Cycle in the asset graph at ${key}`);
    seen.add(key);
    const deps = (byKey.get(key)?.deps ?? []).filter((d) => byKey.has(d));
    const depth = deps.length ? 1 + Math.max(...deps.map((d) => depthOf(d, seen))) : 0;
    memo.set(key, depth);
    return depth;
  };
  for (const a of assets) depthOf(a.key);
  return memo;
}

/** `assets`: [{key, deps, status, detail}]; status is success, failed or never. */
export function assetGraph(assets, {width}) {
  const depthByKey = depths(assets);
  const rows = new Map();
  for (const a of assets) {
    const depth = depthByKey.get(a.key);
    rows.set(depth, [...(rows.get(depth) ?? []), a.key]);
  }
  const widest = Math.max(...[...rows.values()].map((keys) => keys.length));

  // An edge that skips rows would cut through the boxes between its ends. It runs down its own
  // lane to the right of every box instead.
  const longEdges = assets.flatMap((a) =>
    a.deps.filter((d) => depthByKey.has(d) && depthByKey.get(a.key) - depthByKey.get(d) > 1)
      .map((d) => `${d}→${a.key}`));
  const lanesWidth = longEdges.length ? LANE_MARGIN + longEdges.length * LANE_GAP : 0;
  const fullWidth = Math.max(width, widest * (NODE_WIDTH + COLUMN_GAP) + 2 * lanesWidth);
  const height = rows.size * (NODE_HEIGHT + ROW_GAP);

  // Each row is centred, so a chain of single assets reads as a column.
  const position = new Map();
  for (const [depth, keys] of rows) {
    const rowWidth = keys.length * NODE_WIDTH + (keys.length - 1) * COLUMN_GAP;
    keys.forEach((key, i) => {
      const x = (fullWidth - rowWidth) / 2 + i * (NODE_WIDTH + COLUMN_GAP);
      position.set(key, {x, y: depth * (NODE_HEIGHT + ROW_GAP)});
    });
  }
  const rightmost = Math.max(...[...position.values()].map((p) => p.x + NODE_WIDTH));

  const edges = assets.flatMap((a) =>
    a.deps.filter((d) => position.has(d)).map((d) => {
      const from = position.get(d);
      const to = position.get(a.key);
      const x1 = from.x + NODE_WIDTH / 2;
      const y1 = from.y + NODE_HEIGHT;
      const x2 = to.x + NODE_WIDTH / 2;
      const y2 = to.y;
      const lane = longEdges.indexOf(`${d}→${a.key}`);
      if (lane >= 0) {
        // Down into the gap under the source row, right to the lane, down to the gap above
        // the target row, left over the target, down into it. No box lies in a gap or a lane.
        const laneX = rightmost + LANE_MARGIN + lane * LANE_GAP;
        const below = y1 + ROW_GAP / 2 - lane * 4;
        const above = y2 - ROW_GAP / 2 + lane * 4;
        const entryX = x2 + NODE_WIDTH / 4;
        return svg`<path d="M${x1},${y1}V${below}H${laneX}V${above}H${entryX}V${y2}"
          fill="none" stroke="#888" stroke-width="1.5" stroke-linejoin="round"
          marker-end="url(#arrow)" data-edge="${d}→${a.key}" />`;
      }
      const mid = (y1 + y2) / 2;
      return svg`<path d="M${x1},${y1}C${x1},${mid} ${x2},${mid} ${x2},${y2}"
        fill="none" stroke="#888" stroke-width="1.5" marker-end="url(#arrow)"
        data-edge="${d}→${a.key}" />`;
    })
  );
  const nodes = assets.map((a) => {
    const {x, y} = position.get(a.key);
    const color = STATUS_COLORS[a.status] ?? STATUS_COLORS.never;
    return svg`<g transform="translate(${x},${y})" data-asset="${a.key}">
      <title>${a.key} : ${a.detail}${a.description ? `\n${a.description}` : ""}</title>
      <rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="white"
        stroke="${color}" stroke-width="2" />
      <circle cx="12" cy="15" r="5" fill="${color}" />
      <text x="22" y="19" font-size="12" font-weight="600" fill="#222">${a.key}</text>
      <text x="10" y="37" font-size="11" fill="#555">${a.detail}</text>
    </g>`;
  });
  return svg`<svg width="${fullWidth}" height="${height}" viewBox="0 0 ${fullWidth} ${height}"
      font-family="system-ui, sans-serif">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7"
      markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#888" /></marker></defs>
    ${edges}${nodes}
  </svg>`;
}
