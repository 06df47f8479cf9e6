// A tiny lake with a silver.full_dataset built from seeded rows, for the gold asset tests.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { AssetDefinition } from "../../pipeline/assets/define.ts";
import { readSettings, type Settings } from "../../pipeline/config.ts";
import { timeFeatures } from "../../pipeline/features/time.ts";
import { openLake } from "../../pipeline/lake/index.ts";
import type { Lake } from "../../pipeline/lake/types.ts";
import { Random } from "../../pipeline/ml/random.ts";
import { FEATURES, ID_COLUMNS } from "../../pipeline/stages/gold/features.ts";
import { type CellRow, type Column, stageRows } from "../../pipeline/stages/gold/rows.ts";

export interface TestLake {
  lake: Lake;
  settings: Settings;
  dir: string;
  close(): Promise<void>;
}

export async function openTestLake(env: Record<string, string> = {}): Promise<TestLake> {
  const dir = await mkdtemp(join(tmpdir(), "gold-test-"));
  const settings = readSettings({
    DUCKLAKE_DATABASE_URL: join(dir, "catalog.ducklake"),
    DUCKLAKE_DATA_PATH: join(dir, "files"),
    DUCKLAKE_CACHE_DIR: join(dir, "cache"),
    ...env,
  });
  const lake = await openLake(settings.lake);
  return {
    lake,
    settings,
    dir,
    async close() {
      await lake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const ROAD_CLASSES = ["primary", "secondary", "residential", "service"];

/** Nouméa (98818) for accidents near the centre, Païta (98821) for the others. */
function communeOf(nearNoumea: boolean): string {
  return nearNoumea ? "98818" : "98821";
}

function columnType(name: string): Column["type"] {
  if (name === "row_id") return "BIGINT";
  if (name === "event_time") return "TIMESTAMP";
  if (["num_acc", "com", "road_class"].includes(name)) return "VARCHAR";
  return INTEGER_COLUMNS.has(name) ? "INTEGER" : "DOUBLE";
}

/** Returns `accidents` accident rows and 4 negatives per accident over 2020-2021. Accidents sit
 *  near Nouméa at rush hours on primary roads more often than negatives, so a model can learn. */
export function silverRows(accidents: number, seed: number): CellRow[] {
  const random = new Random(seed);
  const rows: CellRow[] = [];
  const total = accidents * 5;
  for (let i = 0; i < total; i++) {
    const isAccident = i < accidents ? 1 : 0;
    const year = random.next() < 0.5 ? 2020 : 2021;
    const month = 1 + random.int(12);
    const day = 1 + random.int(28);
    const hour = isAccident && random.next() < 0.5 ? random.choice([7, 8, 17]) : random.int(24);
    const time = timeFeatures(year, month, day, hour);
    const nearNoumea = isAccident ? random.next() < 0.7 : random.next() < 0.3;
    const latitude = nearNoumea
      ? -22.28 + random.uniform(-0.03, 0.03)
      : random.uniform(-22.6, -20.3);
    const longitude = nearNoumea
      ? 166.45 + random.uniform(-0.03, 0.03)
      : random.uniform(164.2, 167.9);
    const roadClass = isAccident && random.next() < 0.5 ? "primary" : random.choice(ROAD_CLASSES);
    rows.push({
      row_id: i + 1,
      is_accident: isAccident,
      num_acc: isAccident ? `2020000${String(i).padStart(5, "0")}` : null,
      event_time: new Date(Date.UTC(year, month - 1, day, hour)),
      year,
      com: isAccident ? communeOf(nearNoumea) : null,
      ...time,
      atm: random.choice([1, 1, 1, 2, 3]),
      latitude,
      longitude,
      dist_to_noumea_km: nearNoumea ? random.uniform(0, 5) : random.uniform(5, 300),
      accident_density_5km: nearNoumea ? random.int(200) : random.int(10),
      dist_to_road_m: random.uniform(0, 50),
      road_class: roadClass,
      speed_limit: roadClass === "primary" ? 90 : 50,
      n_intersections_200m: random.int(8),
      road_length_200m_m: random.uniform(200, 2000),
      lat_hour: latitude * hour,
      lon_hour: longitude * hour,
      lat_dayofweek: latitude * time.dayofweek,
      lon_dayofweek: longitude * time.dayofweek,
      hour_weekend: hour * time.is_weekend,
      month_dayofweek: month * time.dayofweek,
    });
  }
  return rows;
}

const INTEGER_COLUMNS = new Set([
  "is_accident",
  "year",
  "hour",
  "dayofweek",
  "month",
  "atm",
  "speed_limit",
]);

export async function writeSilverDataset(lake: Lake, rows: CellRow[]): Promise<void> {
  const columns: Column[] = [...ID_COLUMNS, ...FEATURES.map((f) => f.name)].map((name) => ({
    name,
    type: columnType(name),
  }));
  const staged = await stageRows(lake, "test_silver", columns, rows);
  await lake.commit({ message: "test silver" }, async (tx) => {
    await tx.createSchema("silver");
    await tx.createOrReplace("silver.full_dataset", `SELECT * FROM ${staged}`);
  });
}

/** Materializes one asset in its own commit, as the runner does, and returns its log lines. */
export async function materializeAsset(
  test: TestLake,
  asset: AssetDefinition,
  runId = "test-run",
): Promise<{ rows: number; log: string[]; metadata?: Record<string, string | number | boolean> }> {
  const log: string[] = [];
  let result = {
    rows: 0,
    metadata: undefined as Record<string, string | number | boolean> | undefined,
  };
  await test.lake.commit({ message: `test ${asset.key}` }, async (tx) => {
    const out = await asset.materialize({
      settings: test.settings,
      lake: test.lake,
      tx,
      runId,
      log: (line) => log.push(line),
    });
    result = { rows: out.rows, metadata: out.metadata };
  });
  return { ...result, log };
}
