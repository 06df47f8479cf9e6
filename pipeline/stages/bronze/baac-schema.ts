// The typed schema of each BAAC table, one across years, and the header names each column had
// in the published files. Codes keep their BAAC names; their meanings are in the BAAC codebook
// ("description des bases de données annuelles des accidents corporels", ONISR).
import type { BaacKind } from "../../sources/baac.ts";

export type BaacColumnType = "key" | "varchar" | "integer" | "double";

export interface BaacColumn {
  /** Column name in the bronze table. */
  name: string;
  /** Header names accepted in the files, compared case-insensitively. */
  source: readonly string[];
  type: BaacColumnType;
  /** A file without this column is rejected as a whole. */
  required?: boolean;
  /** Inclusive bounds; a value outside them goes to `bronze.rejected_rows` and becomes NULL. */
  range?: readonly [number, number];
  /** Values meaning "not recorded", stored as NULL without a rejection. */
  unknown?: readonly string[];
  /** Remove every space, because ids are printed with (non-breaking) thousands separators. */
  compact?: boolean;
}

// `-1` (printed ` -1` in 2019+ files) is the BAAC code for "not recorded".
const UNKNOWN = ["-1"] as const;

const NUM_ACC: BaacColumn = {
  name: "num_acc",
  source: ["Num_Acc", "Accident_Id"], // `Accident_Id` in the 2022 characteristics file
  type: "key",
  required: true,
};

function code(name: string, range?: readonly [number, number]): BaacColumn {
  return { name, source: [name], type: "integer", unknown: UNKNOWN, range };
}

function text(name: string): BaacColumn {
  return { name, source: [name], type: "varchar" };
}

export const BAAC_SCHEMAS: Readonly<Record<BaacKind, readonly BaacColumn[]>> = {
  caracteristiques: [
    NUM_ACC,
    { ...code("jour", [1, 31]), required: true },
    { ...code("mois", [1, 12]), required: true },
    { ...code("an", [2005, 2100]), required: true },
    // `HH:MM` since 2019, `HMM` or `HHMM` before.
    { ...text("hrmn"), required: true },
    code("lum"),
    { ...text("dep"), required: true },
    text("com"),
    code("agg"),
    code("int"),
    code("atm"),
    code("col"),
    text("adr"),
    // Decimal commas and leading spaces (" -22,2501200") are normalised before the cast.
    { name: "latitude", source: ["lat"], type: "double", required: true, range: [-90, 90] },
    { name: "longitude", source: ["long"], type: "double", required: true, range: [-180, 180] },
  ],
  lieux: [
    NUM_ACC,
    code("catr"),
    text("voie"),
    code("v1"),
    text("v2"),
    code("circ"),
    code("nbv"),
    code("vosp"),
    code("prof"),
    text("pr"),
    text("pr1"),
    code("plan"),
    { name: "lartpc", source: ["lartpc"], type: "double", unknown: UNKNOWN },
    { name: "larrout", source: ["larrout"], type: "double", unknown: UNKNOWN },
    code("surf"),
    code("infra"),
    code("situ"),
    code("vma"),
  ],
  vehicules: [
    NUM_ACC,
    { ...text("id_vehicule"), compact: true },
    text("num_veh"),
    code("senc"),
    { ...code("catv"), required: true },
    code("obs"),
    code("obsm"),
    code("choc"),
    code("manv"),
    code("motor"),
    code("occutc"),
  ],
  usagers: [
    NUM_ACC,
    { ...text("id_usager"), compact: true }, // published from 2023 on
    { ...text("id_vehicule"), compact: true },
    text("num_veh"),
    code("place"),
    code("catu"),
    // 1 unharmed, 2 killed, 3 hospitalised, 4 slightly injured.
    { ...code("grav", [1, 4]), required: true },
    code("sexe"),
    code("an_nais"),
    code("trajet"),
    code("secu1"),
    code("secu2"),
    code("secu3"),
    code("locp"),
    { ...text("actp"), unknown: UNKNOWN }, // letters A and B besides digits
    code("etatp"),
  ],
};

/** DuckDB type of a column in the bronze table. */
export function duckdbType(column: BaacColumn): string {
  switch (column.type) {
    case "integer":
      return "INTEGER";
    case "double":
      return "DOUBLE";
    default:
      return "VARCHAR";
  }
}
