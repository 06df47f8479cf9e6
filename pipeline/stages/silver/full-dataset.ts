// silver/full_dataset: the feature store. One row per accident (positives) and
// NEGATIVES_PER_ACCIDENT sampled road places and times without accident (negatives), with time,
// place, weather and road features; plus `silver.quality_report`.
import { defineAsset } from "../../assets/define.ts";
import { territoryBox } from "../bronze/territory.ts";
import { buildFullDataset } from "./build-dataset.ts";
import { assertBlockingChecksPassed, type QualityCheck, runQualityChecks } from "./quality.ts";
import { readAccidents, readRoads } from "./read-inputs.ts";
import { dropStaged, stageRows } from "./staging.ts";
import { FULL_DATASET_COLUMNS, type FullDatasetRow } from "./types.ts";

const QUALITY_COLUMNS = [
  ["check_name", "VARCHAR"],
  ["value", "DOUBLE"],
  ["threshold", "VARCHAR"],
  ["passed", "BOOLEAN"],
  ["blocking", "BOOLEAN"],
  ["detail", "VARCHAR"],
] as const;

export const fullDatasetAsset = defineAsset({
  key: "silver/full_dataset",
  group: "silver",
  deps: ["bronze/accidents_nc", "bronze/roads"],
  description:
    "Accidents and sampled negatives with time, place, weather and road features (200 m buffer), " +
    "and a quality report whose blocking checks must pass.",
  tables: ["silver.full_dataset", "silver.quality_report"],
  codeVersion: "2",
  parameters: (settings) => ({
    negativesPerAccident: settings.negativesPerAccident,
    seed: settings.seed,
    department: settings.accidentsDepartment,
  }),
  materialize: async ({ settings, lake, tx, log }) => {
    const accidents = await readAccidents(lake);
    const { segments, intersections } = await readRoads(lake);
    const territory = territoryBox(settings.accidentsDepartment);
    const { rows, stats } = buildFullDataset(accidents, segments, intersections, {
      negativesPerAccident: settings.negativesPerAccident,
      seed: settings.seed,
      territory,
    });

    const checks = runQualityChecks(rows, stats, settings.negativesPerAccident, territory);
    assertBlockingChecksPassed(checks);
    for (const check of checks.filter((c) => !c.passed)) {
      log(`warning: ${check.check_name} = ${check.value} (expected ${check.threshold})`);
    }

    await stageRows<FullDatasetRow>(
      lake.connection,
      "stage_full_dataset",
      FULL_DATASET_COLUMNS,
      rows,
    );
    await stageRows<QualityCheck>(lake.connection, "stage_quality_report", QUALITY_COLUMNS, checks);
    try {
      const written = await tx.createOrReplace(
        "silver.full_dataset",
        "SELECT * FROM temp.main.stage_full_dataset ORDER BY row_id",
      );
      await tx.createOrReplace(
        "silver.quality_report",
        "SELECT * FROM temp.main.stage_quality_report",
      );
      const positives = rows.filter((row) => row.is_accident === 1).length;
      return {
        rows: written,
        metadata: {
          positives,
          negatives: written - positives,
          checks: checks.length,
          warnings: checks.filter((c) => !c.passed).length,
        },
      };
    } finally {
      await dropStaged(lake.connection, "stage_full_dataset");
      await dropStaged(lake.connection, "stage_quality_report");
    }
  },
});
