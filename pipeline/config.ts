// Every setting of the product: its environment variable, default and validation, in one place.
// Kubernetes and a laptop differ only in DUCKLAKE_DATABASE_URL and DUCKLAKE_DATA_PATH.
import { fileURLToPath } from "node:url";

export interface S3Settings {
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface LakeSettings {
  /** `postgres://…`, `postgres:dbname=… host=…` (libpq keywords), or a DuckDB catalog file path. */
  catalog: string;
  /** Used for a Postgres catalog whose connection string carries no password. */
  postgresPassword?: string;
  /** A local folder or `s3://bucket/prefix/`, always ending with `/`. */
  dataPath: string;
  s3: S3Settings;
  /** Local folder where files of an S3 lake are cached for DuckDB to read. */
  cacheDir: string;
}

export interface Settings {
  lake: LakeSettings;
  /** Local folder holding BAAC files, or undefined to download them from data.gouv.fr. */
  accidentsSource?: string;
  accidentsYears: number[];
  /** A département code such as `988`, `2A` or `75`; `all` keeps the whole of France. */
  accidentsDepartment: string;
  /** Local GeoJSON or OSM XML files (comma-separated), or undefined to query Overpass. */
  roadsSources: string[];
  /** Overpass API interpreter used to download roads when ROADS_SOURCE is unset. */
  overpassUrl: string;
  negativesPerAccident: number;
  seed: number;
  /** Candidates per model family in the randomized search. */
  searchCandidates: number;
  /** Worker threads fitting cross-validation folds; 0 means one per CPU core. */
  modelWorkers: number;
  /** Spacing of the risk-grid points along roads, in metres. */
  riskGridSpacingMeters: number;
  mlflowTrackingUri?: string;
  /** Folder for downloaded public data (BAAC, OpenStreetMap). */
  cacheDir: string;
  /** Tile URL template of the site's maps (`{s}`, `{z}`, `{x}`, `{y}`), and its attribution. */
  mapTileUrl: string;
  mapTileAttribution: string;
}

type Env = Record<string, string | undefined>;

/** Raises a message naming the variable, the value and what is expected. */
function invalid(name: string, value: string, expected: string): never {
  throw new Error(`Invalid ${name}=${JSON.stringify(value)}: expected ${expected}.`);
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;

  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    invalid(name, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** Parses `2019-2024`, `2020,2021` or a mix such as `2019,2021-2023`. */
export function parseYears(raw: string): number[] {
  const years = new Set<number>();
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const range = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(part);
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : [Number(part), Number(part)];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < 2005 || to > 2100) {
      invalid("ACCIDENTS_YEARS", raw, "years such as 2019-2024 or 2020,2021 (BAAC starts in 2005)");
    }
    for (let year = from; year <= to; year++) years.add(year);
  }
  if (years.size === 0) invalid("ACCIDENTS_YEARS", raw, "at least one year");
  return [...years].sort((a, b) => a - b);
}

function parseDepartment(raw: string): string {
  const value = raw.trim().toUpperCase();
  if (value === "ALL") return "all";
  // Metropolitan 01…95 (with Corsica's 2A and 2B) and overseas 971…988.
  if (!/^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$/.test(value)) {
    invalid("ACCIDENTS_DEPARTMENT", raw, "a département code such as 988, 75 or 2A, or `all`");
  }
  return value;
}

function withTrailingSlash(path: string): string {
  return path.endsWith("/") ? path : `${path}/`;
}

/** A folder path from `file:///folder/`, a folder as given, or `s3://…` as given. */
function readDataPath(raw: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1].toLowerCase();
  if (scheme === undefined || scheme === "s3") return raw;

  const expected = "a folder, a file:///absolute/folder/ URL or s3://bucket/prefix/";
  if (scheme !== "file") {
    invalid("DUCKLAKE_DATA_PATH", raw, `${expected} (${scheme}:// is not supported)`);
  }
  try {
    return fileURLToPath(raw);
  } catch {
    return invalid("DUCKLAKE_DATA_PATH", raw, `${expected}, with no host in the file URL`);
  }
}

export function readLakeSettings(env: Env = process.env): LakeSettings {
  const raw = env.DUCKLAKE_DATA_PATH?.trim() || "data/lake/files/";
  const dataPath = withTrailingSlash(readDataPath(raw));
  if (dataPath.startsWith("s3://") && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\//.test(dataPath)) {
    invalid("DUCKLAKE_DATA_PATH", dataPath, "s3://bucket/prefix/ with a valid bucket name");
  }

  return {
    catalog: env.DUCKLAKE_DATABASE_URL?.trim() || "data/lake/catalog.ducklake",
    postgresPassword: env.POSTGRES_PASSWORD || undefined,
    dataPath,
    s3: {
      endpoint: env.AWS_ENDPOINT_URL?.trim() || undefined,
      region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || "us-east-1",
      accessKeyId: env.AWS_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY || undefined,
    },
    cacheDir: env.DUCKLAKE_CACHE_DIR?.trim() || ".cache/lake",
  };
}

export function readSettings(env: Env = process.env): Settings {
  const roads = env.ROADS_SOURCE?.trim();

  return {
    lake: readLakeSettings(env),
    accidentsSource: env.ACCIDENTS_SOURCE?.trim() || undefined,
    accidentsYears: parseYears(env.ACCIDENTS_YEARS?.trim() || "2019-2024"),
    accidentsDepartment: parseDepartment(env.ACCIDENTS_DEPARTMENT?.trim() || "988"),
    roadsSources: roads ? roads.split(",").map((s) => s.trim()).filter(Boolean) : [],
    overpassUrl: env.OVERPASS_URL?.trim() || "https://overpass-api.de/api/interpreter",
    // 4 negatives per accident: see the README's "Negative sampling" section for the reason.
    negativesPerAccident: readInteger(env, "NEGATIVES_PER_ACCIDENT", 4, 1, 100),
    seed: readInteger(env, "PIPELINE_SEED", 42, 0, 2 ** 31 - 1),
    searchCandidates: readInteger(env, "MODEL_SEARCH_CANDIDATES", 20, 1, 500),
    modelWorkers: readInteger(env, "MODEL_WORKERS", 0, 0, 256),
    riskGridSpacingMeters: readInteger(env, "RISK_GRID_SPACING_M", 500, 50, 50_000),
    mlflowTrackingUri: env.MLFLOW_TRACKING_URI?.trim() || undefined,
    cacheDir: env.ACCIDENTS_CACHE_DIR?.trim() || ".cache",
    mapTileUrl: env.MAP_TILE_URL?.trim() || "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    mapTileAttribution:
      env.MAP_TILE_ATTRIBUTION?.trim() ||
      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  };
}
