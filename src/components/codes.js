// French labels of the BAAC codes and of the communes of New Caledonia (INSEE codes 98801–98833).

export const ATM_LABELS = new Map([
  [1, "Normale"],
  [2, "Pluie légère"],
  [3, "Pluie forte"],
  [4, "Neige, grêle"],
  [5, "Brouillard, fumée"],
  [6, "Vent fort, tempête"],
  [7, "Temps éblouissant"],
  [8, "Temps couvert"],
  [9, "Autre"],
]);

export const LUM_LABELS = new Map([
  [1, "Plein jour"],
  [2, "Crépuscule ou aube"],
  [3, "Nuit sans éclairage public"],
  [4, "Nuit, éclairage public non allumé"],
  [5, "Nuit, éclairage public allumé"],
]);

/** `severity` is the grav code of the worst victim of the accident. */
export const SEVERITY_LABELS = new Map([
  [2, "Mortel"],
  [3, "Blessé hospitalisé"],
  [4, "Blessé léger"],
  [1, "Indemne"],
]);

export const SEVERITY_COLORS = new Map([
  [2, "#b2182b"],
  [3, "#ef8a62"],
  [4, "#f4c542"],
  [1, "#67a9cf"],
]);

export const ROAD_CLASS_LABELS = new Map([
  ["motorway", "Voie express"],
  ["trunk", "Route territoriale principale"],
  ["primary", "Route principale"],
  ["secondary", "Route secondaire"],
  ["tertiary", "Route tertiaire"],
  ["residential", "Rue résidentielle"],
  ["unclassified", "Route non classée"],
  ["service", "Voie de desserte"],
  ["unknown", "Inconnue"],
]);

export const WEATHER_LABELS = new Map([
  ["normal", "Normale"],
  ["light_rain", "Pluie légère"],
  ["heavy_rain", "Pluie forte"],
  ["fog", "Brouillard"],
]);

export const COMMUNE_NAMES = new Map([
  ["98801", "Bélep"],
  ["98802", "Bouloupari"],
  ["98803", "Bourail"],
  ["98804", "Canala"],
  ["98805", "Dumbéa"],
  ["98806", "Farino"],
  ["98807", "Hienghène"],
  ["98808", "Houaïlou"],
  ["98809", "Île des Pins"],
  ["98810", "Kaala-Gomen"],
  ["98811", "Koné"],
  ["98812", "Koumac"],
  ["98813", "La Foa"],
  ["98814", "Lifou"],
  ["98815", "Maré"],
  ["98816", "Moindou"],
  ["98817", "Le Mont-Dore"],
  ["98818", "Nouméa"],
  ["98819", "Ouégoa"],
  ["98820", "Ouvéa"],
  ["98821", "Païta"],
  ["98822", "Poindimié"],
  ["98823", "Ponérihouen"],
  ["98824", "Pouébo"],
  ["98825", "Pouembout"],
  ["98826", "Poum"],
  ["98827", "Poya"],
  ["98828", "Sarraméa"],
  ["98829", "Thio"],
  ["98830", "Touho"],
  ["98831", "Voh"],
  ["98832", "Yaté"],
  ["98833", "Kouaoua"],
]);

export const DAY_NAMES = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];

/** Returns the label of a code, or “Inconnu (code)” for codes outside the table. */
export function labelOf(labels, code) {
  if (code === null || code === undefined) return "Non renseigné";
  return labels.get(code) ?? `Inconnu (${code})`;
}

export function communeName(code) {
  if (!code) return "Non renseignée";
  return COMMUNE_NAMES.get(code) ?? code;
}
