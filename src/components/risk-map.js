// The risk map: grid points along the roads, coloured by the probability of an accident.
import {html} from "htl";
import {interpolateYlOrRd} from "d3-scale-chromatic";
import {L, loadLeafletStyles} from "./leaflet.js";
import {NC_BOUNDS, watchTiles} from "./accident-map.js";
import {decodeRoads, ROAD_STYLES} from "./roads.js";
import {ROAD_CLASS_LABELS, labelOf} from "./codes.js";
import {formatNumber} from "./format.js";

export function riskColor(probability, maxProbability) {
  return interpolateYlOrRd(0.15 + 0.85 * Math.min(1, probability / (maxProbability || 1)));
}

function riskPopup(point) {
  return html`<div>
    Score de risque relatif : <strong>${formatNumber(point.probability, 3)}</strong><br>
    Route : ${labelOf(ROAD_CLASS_LABELS, point.road_class)}<br>
    <small>
      Point ${point.point_id} (${formatNumber(point.latitude, 4)},
      ${formatNumber(point.longitude, 4)})
    </small>
  </div>`;
}

/** Returns a horizontal colour ramp from 0 to the highest score shown. The training data
 *  contains 1 accident for N negatives, so the scores are not probabilities and get no "%". */
export function riskLegend(maxProbability) {
  const stops = Array.from({length: 11}, (_, i) =>
    riskColor((i / 10) * maxProbability, maxProbability)
  );
  return html`<div class="risk-legend">
    <span>Score de risque relatif :</span>
    <span>0</span>
    <span class="ramp" style="background: linear-gradient(to right, ${stops.join(", ")})"></span>
    <span>${formatNumber(maxProbability, 3)}</span>
  </div>`;
}

/** Returns the map element; `element.update(points, {hour})` draws the given scored points. */
export function riskMap({width, height = 560, tiles, loadRoads}) {
  const status = html`<p class="map-status">Chargement du fond de carte…</p>`;
  const legend = html`<div></div>`;
  const container = html`<div class="map" style="height: ${height}px; width: ${width}px">`;
  const element = html`<div class="risk-map">${legend}${container}${status}</div>`;
  let map;
  let layer;
  let pending;
  let renderer;

  loadLeafletStyles().then(() => {
    // maxZoom on the map itself: markercluster needs it once the tile layer is removed offline.
    map = L.map(container, {preferCanvas: true, maxZoom: 18}).fitBounds(NC_BOUNDS);
    renderer = L.canvas();
    const tileLayer = L.tileLayer(tiles.url, {attribution: tiles.attribution, maxZoom: 18});
    tileLayer.addTo(map);
    tileLayer.once("load", () => {
      if (!element.dataset.basemap) status.textContent = "";
    });
    const fallback = async () => {
      map.removeLayer(tileLayer);
      status.textContent = "Fond de carte indisponible : tracé des routes du lac (bronze.roads).";
      const roads = await loadRoads();
      if (!roads.available) return;
      const roadLayer = L.layerGroup();
      for (const road of decodeRoads(roads)) {
        const style = ROAD_STYLES[road.roadClass] ?? ROAD_STYLES.unknown;
        L.polyline(road.points, {...style, renderer, interactive: false}).addTo(roadLayer);
      }
      roadLayer.addTo(map);
      if (layer) layer.bringToFront?.();
      element.dataset.basemap = "roads";
    };
    watchTiles(tileLayer, fallback);
    if (pending) element.update(...pending);
  });

  element.update = (points, {hour}) => {
    if (!map) {
      pending = [points, {hour}];
      return;
    }
    if (layer) map.removeLayer(layer);
    const maxProbability = Math.max(0, ...points.map((p) => p.probability));
    legend.replaceChildren(riskLegend(maxProbability));
    layer = L.featureGroup(points.map((point) =>
      L.circleMarker([point.latitude, point.longitude], {
        renderer, radius: 6, weight: 1, color: "#444",
        fillColor: riskColor(point.probability, maxProbability), fillOpacity: 0.9
      }).bindPopup(() => riskPopup(point))
    ));
    layer.addTo(map);

    // The first drawing zooms to the points; later ones keep the reader's view.
    if (!element.dataset.hour && points.length > 0) {
      map.fitBounds(layer.getBounds(), {padding: [30, 30], maxZoom: 14});
    }
    element.dataset.hour = String(hour);
    element.dataset.count = String(points.length);
  };
  return element;
}
