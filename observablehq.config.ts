// Observable Framework configuration for the accidents-nc site.
// The build must run offline: no Google Fonts stylesheet, no npm: imports (pages import
// packages from node_modules), and no search index (it would pull minisearch from a CDN).
export default {
  root: "src",

  // Tests build into a temporary folder so they never overwrite the published dist/.
  output: process.env.SITE_OUTPUT_DIR || "dist",

  title: "Accidents de la route en Nouvelle-Calédonie",
  lang: "fr",

  pages: [
    { name: "Carte des accidents", path: "/carte" },
    { name: "Analyse des variables", path: "/analyse" },
    { name: "Modèle", path: "/modele" },
    { name: "Carte de risque", path: "/risque" },
    { name: "Pipeline", path: "/pipeline" },
  ],

  // The default list contains a fonts.googleapis.com stylesheet, and the system fonts suffice.
  globalStylesheets: [],
  // The stylesheet imports the "air" theme and adds the site's own rules.
  style: "style.css",
  head: '<link rel="stylesheet" href="/assets/inputs.css">',

  footer:
    "Données : fichiers BAAC de l'ONISR (data.gouv.fr, Licence Ouverte) ; " +
    "routes : BDROUTE-NC et OpenStreetMap (ODbL).",

  toc: { label: "Sur cette page" },
  pager: false,
  search: false,
  linkify: true,
};
