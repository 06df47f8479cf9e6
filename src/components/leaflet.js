// Leaflet with its plugins and stylesheets, all served from node_modules through the build.
// leaflet.markercluster and leaflet.heat are UMD scripts that extend the global `L`. Leaflet's
// own UMD build sets window.L, so importing leaflet first makes it exist for them.
import L from "leaflet";
import "leaflet.markercluster";
import "leaflet.heat";

const STYLESHEETS = [
  import.meta.resolve("leaflet/dist/leaflet.css"),
  import.meta.resolve("leaflet.markercluster/dist/MarkerCluster.css"),
  import.meta.resolve("leaflet.markercluster/dist/MarkerCluster.Default.css"),
];

// leaflet.css points at these images by relative URL, and L.Icon.Default finds the marker icon
// through that stylesheet, so they are resolved here only to be copied next to it.
export const LEAFLET_IMAGES = [
  import.meta.resolve("leaflet/dist/images/marker-icon.png"),
  import.meta.resolve("leaflet/dist/images/marker-icon-2x.png"),
  import.meta.resolve("leaflet/dist/images/marker-shadow.png"),
  import.meta.resolve("leaflet/dist/images/layers.png"),
  import.meta.resolve("leaflet/dist/images/layers-2x.png"),
];

/** Adds Leaflet's stylesheets to the document once; resolves when they have loaded. */
export function loadLeafletStyles() {
  const pending = STYLESHEETS.map((href) => {
    const existing = document.head.querySelector(`link[href="${href}"]`);
    if (existing) return Promise.resolve();

    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    const loaded = new Promise((resolve, reject) => {
      link.onload = resolve;
      link.onerror = () => reject(new Error(`Leaflet stylesheet failed to load: ${href}`));
    });
    document.head.append(link);
    return loaded;
  });
  return Promise.all(pending);
}

export {L};
