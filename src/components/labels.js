// French labels for the lake's column, feature, status and reason names. The pages show the
// French label and keep the technical name in a tooltip or in small code text, because an
// analyst who queries the lake needs it.
import {html} from "htl";

export const FEATURE_LABELS = new Map([
  ["hour", "Heure"],
  ["dayofweek", "Jour de la semaine (lundi = 0)"],
  ["month", "Mois"],
  ["is_weekend", "Week-end"],
  ["is_rush_morning", "Pointe du matin (6 h–9 h)"],
  ["is_rush_evening", "Pointe du soir (16 h–19 h)"],
  ["is_night", "Nuit (19 h–5 h)"],
  ["hour_sin", "Heure (sinus)"],
  ["hour_cos", "Heure (cosinus)"],
  ["dow_sin", "Jour de la semaine (sinus)"],
  ["dow_cos", "Jour de la semaine (cosinus)"],
  ["is_holiday", "Jour férié"],
  ["school_holidays", "Vacances scolaires"],
  ["atm", "Météo (code atm)"],
  ["latitude", "Latitude"],
  ["longitude", "Longitude"],
  ["dist_to_noumea_km", "Distance au centre de Nouméa (km)"],
  ["accident_density_5km", "Accidents à moins de 5 km"],
  ["dist_to_road_m", "Distance à la route (m)"],
  ["road_class", "Classe de route"],
  ["speed_limit", "Vitesse maximale (km/h)"],
  ["n_intersections_200m", "Intersections à moins de 200 m"],
  ["road_length_200m_m", "Longueur de route à moins de 200 m (m)"],
  ["lat_hour", "Latitude × heure"],
  ["lon_hour", "Longitude × heure"],
  ["lat_dayofweek", "Latitude × jour"],
  ["lon_dayofweek", "Longitude × jour"],
  ["hour_weekend", "Heure × week-end"],
  ["month_dayofweek", "Mois × jour"],
]);

export const COLUMN_LABELS = new Map([
  ["run_id", "Exécution"],
  ["asset", "Asset"],
  ["status", "Statut"],
  ["rows", "Lignes"],
  ["snapshot_id", "Snapshot"],
  ["started_at", "Début (Nouméa)"],
  ["ended_at", "Fin (Nouméa)"],
  ["code_version", "Version du code"],
  ["error", "Erreur"],
  ["winner", "Modèle retenu"],
  ["test_roc_auc", "AUC ROC (test)"],
  ["candidates", "Candidats"],
  ["importance", "Importance"],
  ["importance_std", "Écart-type de l'importance"],
  ["feature", "Variable"],
]);

export const STATUS_LABELS = new Map([
  ["success", "réussie"],
  ["failed", "échec"],
  ["running", "en cours"],
  ["never", "jamais exécutée"],
]);

// French descriptions of the assets, shown instead of the English ones of pipeline/stages.
export const ASSET_DESCRIPTIONS = new Map([
  ["bronze/baac", "Fichiers BAAC (caractéristiques, lieux, véhicules, usagers) de chaque année, " +
    "typés ; les valeurs mal typées vont dans bronze.rejected_rows."],
  ["bronze/accidents_nc", "Une ligne par accident du département : heure, coordonnées, " +
    "conditions, route, nombre de victimes et de véhicules."],
  ["bronze/roads", "Tronçons de route (classe, vitesse maximale, longueur, géométrie) et " +
    "intersections où se rejoignent au moins trois tronçons."],
  ["silver/full_dataset", "Accidents et négatifs tirés au hasard, avec leurs variables d'heure, " +
    "de lieu, de météo et de route, et un rapport de qualité."],
  ["gold/datasets", "Jeux d'apprentissage et de test (80/20, stratifiés), métadonnées des " +
    "variables et encodage de la météo."],
  ["gold/models", "Recherche aléatoire de modèles comparés par validation croisée ; scores, " +
    "calibration, seuil et importance du modèle retenu."],
  ["gold/risk_grid", "Score du modèle retenu en des points le long des routes, pour chaque " +
    "heure et météo d'une semaine de référence."],
]);

/** Returns the French label of a feature or column, or the name itself when none is known. */
export function labelFor(name) {
  return FEATURE_LABELS.get(name) ?? COLUMN_LABELS.get(name) ?? name;
}

/** Returns the French label with the technical name in a tooltip and in small code text. */
export function labelWithName(name) {
  const label = labelFor(name);
  if (label === name) return html`<code>${name}</code>`;
  return html`<span title=${name}>${label} <code class="tech-name">${name}</code></span>`;
}

/** Returns the `header` option of Inputs.table: French labels. Inputs.table already shows the
 *  column's technical name as the header's tooltip, and styles any span in a header as its sort
 *  arrow, so the labels are plain text. */
export function tableHeaders(columns) {
  return Object.fromEntries(columns.map((c) => [c, labelFor(c)]));
}

export const statusLabel = (status) => STATUS_LABELS.get(status) ?? status ?? "";

/** Translates a bronze.rejected_rows reason written by pipeline/stages/bronze into French. */
export function reasonLabel(reason) {
  if (reason == null) return "";
  const rules = [
    [/^not an integer$/, () => "pas un entier ; valeur mise à NULL"],
    [/^not a number$/, () => "pas un nombre ; valeur mise à NULL"],
    [/^outside (.+)\.\.(.+)$/, (m) => `hors de l'intervalle ${m[1]}–${m[2]} ; valeur mise à NULL`],
    [/^missing or invalid accident id; row dropped$/,
      () => "identifiant d'accident absent ou invalide ; ligne écartée"],
    [/^duplicate accident id, first seen in (.+); row dropped$/,
      (m) => `identifiant d'accident en double (déjà vu dans ${m[1]}) ; ligne écartée`],
    [/^year (.+) differs from the file's year (.+); row dropped$/,
      (m) => `année ${m[1]} différente de celle du fichier (${m[2]}) ; ligne écartée`],
    [/^accident id does not start with the file's year (.+); row dropped$/,
      (m) => `l'identifiant ne commence pas par l'année du fichier (${m[1]}) ; ligne écartée`],
    [/^missing coordinates$/, () => "coordonnées absentes"],
    [/^impossible date/, () => "date impossible (an-mois-jour) ; date de l'accident mise à NULL"],
    [/^impossible time/, () => "heure impossible (HH:MM attendu) ; date de l'accident mise à NULL"],
    [/^outside the territory of département (.+)$/,
      (m) => `hors du territoire du département ${m[1]} ; coordonnées mises à NULL`],
  ];
  for (const [pattern, make] of rules) {
    const match = pattern.exec(reason);
    if (match) return make(match);
  }
  return reason;
}

/** Tells whether a rejection reason dropped the whole row (else only the value became NULL). */
export const dropsRow = (reason) => /row dropped/.test(reason ?? "");
