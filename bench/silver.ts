// `npm run bench:silver`: seconds to materialise silver/full_dataset on the real 2020-2021
// accidents of New Caledonia and the shared roads, then on 10× those accidents (each copied ten
// times, moved up to about 220 m by a fixed hash) on the same roads. Uses a temporary lake.
// The last line is `RESULT silver_s=<x> silver_10x_s=<y>`. With `-- --ratios` it compares
// NEGATIVES_PER_ACCIDENT values instead (see silver-ratios.ts).
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { readSettings, type Settings } from "../pipeline/config.ts";
import { openLake } from "../pipeline/lake/index.ts";
import type { Lake } from "../pipeline/lake/types.ts";
import type { AssetDefinition } from "../pipeline/assets/define.ts";
import { roadsAsset } from "../pipeline/stages/bronze/roads.ts";
import { fullDatasetAsset } from "../pipeline/stages/silver/full-dataset.ts";
import { buildRoadSegments, findIntersections } from "../pipeline/geo/network.ts";
import { readRoadSources } from "../pipeline/sources/roads.ts";
import { loadRealAccidents, realAccidentsSql, ROAD_FILES } from "../tests/silver/real-accidents.ts";

/** Builds a query for the columns of bronze.accidents_nc that silver reads, from the BAAC
 *  files, with `copies` copies of each accident. */
function accidentsQuery(copies: number): string {
  // hash() % 4001 - 2000 gives a fixed offset of up to ±0.002° (about 220 m) per copy.
  return `
    WITH base AS (${realAccidentsSql()})
    SELECT
      CASE WHEN copy = 0 THEN num_acc ELSE num_acc || '-' || copy END AS num_acc,
      year(event_time) AS year,
      event_time,
      latitude + CASE WHEN copy = 0 THEN 0
        ELSE (CAST(hash(num_acc, copy, 'lat') % 4001 AS DOUBLE) - 2000) / 1e6 END AS latitude,
      longitude + CASE WHEN copy = 0 THEN 0
        ELSE (CAST(hash(num_acc, copy, 'lon') % 4001 AS DOUBLE) - 2000) / 1e6 END AS longitude,
      com,
      atm
    FROM base, range(${copies}) AS copies(copy)`;
}

async function materialize(lake: Lake, settings: Settings, asset: AssetDefinition) {
  let rows = 0;
  await lake.commit({ message: `bench ${asset.key}` }, async (tx) => {
    const result = await asset.materialize({
      settings,
      lake,
      tx,
      runId: "bench",
      log: (message) => console.log(`  ${asset.key}: ${message}`),
    });
    rows = result.rows;
  });
  return rows;
}

async function timeSilver(lake: Lake, settings: Settings, copies: number): Promise<number> {
  await lake.createOrReplace("bronze.accidents_nc", accidentsQuery(copies));
  const started = performance.now();
  const rows = await materialize(lake, settings, fullDatasetAsset);
  const seconds = (performance.now() - started) / 1000;
  console.log(`silver/full_dataset  ${copies}× accidents  ${rows} rows  ${seconds.toFixed(2)} s`);
  return seconds;
}

if (process.argv.includes("--ratios")) {
  const { compareRatios } = await import("./silver-ratios.ts");
  const { lines } = await readRoadSources({
    sources: ROAD_FILES,
    department: "988",
    cacheDir: tmpdir(),
    overpassUrl: "unused",
  });
  const segments = buildRoadSegments(lines);
  const accidents = await loadRealAccidents();
  compareRatios(accidents, segments, findIntersections(segments), [1, 2, 4, 8, 16]);
  process.exit(0);
}

const folder = await mkdtemp(join(tmpdir(), "bench-silver-"));
const settings = readSettings({
  ...process.env,
  DUCKLAKE_DATABASE_URL: join(folder, "catalog.ducklake"),
  DUCKLAKE_DATA_PATH: join(folder, "files"),
  ROADS_SOURCE: ROAD_FILES.join(","),
});
const lake = await openLake(settings.lake);
try {
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), ` +
      `NEGATIVES_PER_ACCIDENT=${settings.negativesPerAccident}, PIPELINE_SEED=${settings.seed}`,
  );
  const roadsStarted = performance.now();
  const roadRows = await materialize(lake, settings, roadsAsset);
  console.log(
    `bronze/roads  ${roadRows} rows  ${((performance.now() - roadsStarted) / 1000).toFixed(2)} s`,
  );

  const silver = await timeSilver(lake, settings, 1);
  const silver10x = await timeSilver(lake, settings, 10);
  console.log(`RESULT silver_s=${silver.toFixed(2)} silver_10x_s=${silver10x.toFixed(2)}`);
} finally {
  await lake.close();
  await rm(folder, { recursive: true, force: true });
}
