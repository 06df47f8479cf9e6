// The accident map: clustered markers or a heat layer over tiles, with the roads of the lake drawn
// as vectors when the tiles cannot load (offline use).
import {html} from "htl";
import {L, loadLeafletStyles} from "./leaflet.js";
import {ATM_LABELS, LUM_LABELS, SEVERITY_LABELS, communeName, labelOf} from "./codes.js";
import {decodeRoads, ROAD_STYLES} from "./roads.js";

// The territory's bounding box: Grande Terre, the Loyalty Islands and the Île des Pins.
export const NC_BOUNDS = [[-22.8, 163.5], [-19.9, 168.2]];

const dateFormat = new Intl.DateTimeFormat("fr-FR", {dateStyle: "full", timeZone: "UTC"});
const timeFormat = new Intl.DateTimeFormat("fr-FR", {timeStyle: "short", timeZone: "UTC"});

/** Builds the popup as DOM nodes: htl inserts every value as text, never as markup, because
 *  `adr` is free text typed by police officers. */
export function accidentPopup(accident) {
  // event_time is New Caledonia time without a zone. Reading it as UTC and formatting in UTC
  // shows it unchanged, whatever the reader's time zone.
  const when = new Date(`${accident.event_time}Z`);
  return html`<div class="accident-popup">
    <strong>${dateFormat.format(when)}, ${timeFormat.format(when)}</strong><br>
    <span class="adr">${accident.adr || "Adresse non renseignée"}</span>
    (${communeName(accident.com)})<br>
    Gravité : ${labelOf(SEVERITY_LABELS, accident.severity)}<br>
    Victimes : ${accident.n_victims} dont ${accident.n_killed} tué(s),
    ${accident.n_hospitalized} hospitalisé(s),
    ${accident.n_slightly_injured} blessé(s) léger(s)<br>
    Météo : ${labelOf(ATM_LABELS, accident.atm)} ;
    lumière : ${labelOf(LUM_LABELS, accident.lum)}<br>
    <small>Accident n° ${accident.num_acc}</small>
  </div>`;
}

/** Switches to the vector roads when tiles fail and none has loaded, which is what happens
 *  offline or when the tile server is unreachable. */
export function watchTiles(tiles, onUnavailable) {
  let loaded = 0;
  let switched = false;
  const giveUp = () => {
    if (switched || loaded > 0) return;
    switched = true;
    onUnavailable();
  };
  tiles.on("tileload", () => (loaded += 1));
  tiles.on("tileerror", giveUp);

  // A browser that reports itself offline loads no tile, so the roads are drawn at once.
  if (typeof navigator !== "undefined" && navigator.onLine === false) setTimeout(giveUp, 0);

  // A tile server that never responds raises no tileerror, so 5 s without a tile is a failure.
  setTimeout(giveUp, 5000);
}

/**
 * Returns the map element; call `element.update(accidents, {heat})` to redraw the points.
 * `tiles` is `{url, attribution}`; `loadRoads()` returns the encoded roads of bronze.roads.
 */
export function accidentMap({width, height = 620, tiles, loadRoads}) {
  const status = html`<p class="map-status">Chargement du fond de carte…</p>`;
  const container = html`<div class="map" style="height: ${height}px; width: ${width}px">`;
  const element = html`<div class="accident-map">${container}${status}</div>`;

  let map;
  let points;
  let pending;
  const ready = loadLeafletStyles().then(() => {
    // maxZoom on the map itself: markercluster needs it once the tile layer is removed offline.
    map = L.map(container, {preferCanvas: true, maxZoom: 18}).fitBounds(NC_BOUNDS);
    const tileLayer = L.tileLayer(tiles.url, {attribution: tiles.attribution, maxZoom: 18});
    tileLayer.addTo(map);
    status.textContent = "";

    watchTiles(tileLayer, async () => {
      map.removeLayer(tileLayer);
      status.textContent = "Fond de carte indisponible : tracé des routes du lac (bronze.roads).";
      const roads = await loadRoads();
      if (!roads.available) {
        status.textContent = `Fond de carte indisponible et routes absentes : ${roads.reason}`;
        return;
      }
      drawRoads(map, roads);
      map.attributionControl.addAttribution("Routes : BDROUTE-NC, OpenStreetMap (ODbL)");
      element.dataset.basemap = "roads";
    });
    if (pending) element.update(...pending);
  });

  element.ready = ready;
  element.update = (accidents, {heat = false} = {}) => {
    if (!map) {
      pending = [accidents, {heat}];
      return;
    }
    if (points) map.removeLayer(points);
    points = heat ? heatLayer(accidents) : clusterLayer(accidents);
    points.addTo(map);
    element.dataset.count = String(accidents.length);
    element.dataset.mode = heat ? "heat" : "clusters";

    // A link such as carte#accident=202100000602 opens that accident's popup.
    const linked = /^#accident=(\w+)$/.exec(location.hash)?.[1];
    if (linked && !heat) showAccident(linked);
  };

  function showAccident(numAcc) {
    const marker = points.getLayers().find((layer) => layer.options.title === numAcc);
    if (!marker) return;
    points.zoomToShowLayer(marker, () => marker.openPopup());
  }
  return element;
}

function clusterLayer(accidents) {
  const group = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false});
  const markers = accidents.map((accident) => {
    const marker = L.marker([accident.latitude, accident.longitude], {
      title: accident.num_acc,
    });
    // Built on open so 2,000 popups are not rendered up front.
    marker.bindPopup(() => accidentPopup(accident), {maxWidth: 320});
    return marker;
  });
  group.addLayers(markers);
  return group;
}

function heatLayer(accidents) {
  const points = accidents.map((a) => [a.latitude, a.longitude, 1]);
  return L.heatLayer(points, {radius: 18, blur: 14, maxZoom: 13});
}

function drawRoads(map, roads) {
  const renderer = L.canvas();
  const layer = L.layerGroup();
  for (const road of decodeRoads(roads)) {
    const style = ROAD_STYLES[road.roadClass] ?? ROAD_STYLES.unknown;
    L.polyline(road.points, {...style, renderer, interactive: false}).addTo(layer);
  }
  layer.addTo(map);
  layer.eachLayer((line) => line.bringToBack());
}
