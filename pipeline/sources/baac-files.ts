// Finds the yearly BAAC files in a folder, whatever name they were published under.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The four yearly tables of the BAAC open data. */
export type BaacKind = "caracteristiques" | "lieux" | "vehicules" | "usagers";

export const BAAC_KINDS: readonly BaacKind[] = [
  "caracteristiques",
  "lieux",
  "vehicules",
  "usagers",
];

export interface BaacFile {
  /** Absolute or working-directory-relative path of the file. */
  path: string;
  /** File name without folder, as recorded in `source_file`. */
  name: string;
  year: number;
  kind: BaacKind;
}

// Published spellings of each table's file name: `carcteristiques-2021.csv` (sic, 2021 and 2022),
// `caract-2023.csv` (2023 on), `Caract_2019.csv`; some mirrors add a `data_` prefix.
const KIND_PATTERNS: ReadonlyArray<[BaacKind, RegExp]> = [
  ["caracteristiques", /^(caracteristiques?|carcteristiques?|caract)$/],
  ["lieux", /^lieux$/],
  ["vehicules", /^vehicules?$/],
  ["usagers", /^usagers?$/],
];

const FILE_NAME = /^(?:data[-_])?([a-z]+)[-_ ]?(\d{4})\.csv(?:\.gz)?$/;

/** Returns the table and year a BAAC file name stands for, or undefined for any other file. */
export function classifyBaacFileName(name: string): { kind: BaacKind; year: number } | undefined {
  const match = FILE_NAME.exec(name.toLowerCase());
  if (!match) return undefined;

  const [, stem, year] = match;
  const kind = KIND_PATTERNS.find(([, pattern]) => pattern.test(stem))?.[0];
  return kind ? { kind, year: Number(year) } : undefined;
}

/**
 * Lists the BAAC files of the requested years in `folder`. Raises when a year has some of its
 * four tables but not all, or two files for one table. Warns through `warn` about empty years.
 */
export function discoverBaacFiles(
  folder: string,
  years: readonly number[],
  warn: (message: string) => void,
): BaacFile[] {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(
      `ACCIDENTS_SOURCE=${folder} is not a folder. Point it at the folder holding the BAAC ` +
        `CSV files, or leave it unset to download them from data.gouv.fr.`,
    );
  }

  const found = new Map<string, BaacFile>();
  const allYears = new Set<number>();
  for (const name of readdirSync(folder).sort()) {
    const identity = classifyBaacFileName(name);
    if (!identity) continue;

    allYears.add(identity.year);
    if (!years.includes(identity.year)) continue;

    const key = `${identity.kind}-${identity.year}`;
    const previous = found.get(key);
    if (previous) {
      throw new Error(
        `Two files for ${key} in ${folder}: ${previous.name} and ${name}. Keep one of them.`,
      );
    }
    found.set(key, { path: join(folder, name), name, ...identity });
  }

  const files: BaacFile[] = [];
  const missingYears: number[] = [];
  for (const year of years) {
    const ofYear = BAAC_KINDS.map((kind) => found.get(`${kind}-${year}`));
    const present = ofYear.filter((file): file is BaacFile => file !== undefined);
    if (present.length === 0) {
      missingYears.push(year);
      continue;
    }
    if (present.length < BAAC_KINDS.length) {
      const missing = BAAC_KINDS.filter((_, i) => ofYear[i] === undefined);
      throw new Error(
        `Incomplete BAAC year ${year} in ${folder}: ` +
          `found ${present.map((f) => f.name).join(", ")} ` +
          `but no file for ${missing.join(", ")}. Add the missing files or remove ${year} ` +
          `from ACCIDENTS_YEARS.`,
      );
    }
    files.push(...present);
  }

  if (missingYears.length > 0) {
    const available = [...allYears].sort((a, b) => a - b);
    warn(
      `No BAAC files for ${missingYears.join(", ")} in ${folder}; years found there: ` +
        `${available.length ? available.join(", ") : "none"}.`,
    );
  }
  if (files.length === 0) {
    throw new Error(
      `No BAAC files for years ${years.join(", ")} in ${folder}. Expected names such as ` +
        `caracteristiques-2020.csv, lieux-2020.csv, vehicules-2020.csv, usagers-2020.csv ` +
        `(optionally .gz).`,
    );
  }
  return files;
}
