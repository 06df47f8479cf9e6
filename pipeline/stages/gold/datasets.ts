// Asset gold/datasets: a seeded 80/20 split of silver.full_dataset, stratified on the target,
// the feature metadata, and the feature list and weather encoder as JSON artifacts.
import { defineAsset } from "../../assets/define.ts";
import { stratifiedHoldout } from "../../ml/folds.ts";
import { replaceArtifacts, writeJsonArtifacts } from "./artifacts.ts";
import { FEATURES, ID_COLUMNS, WEATHER_ENCODER, featureSpecs } from "./features.ts";
import { stageRows } from "./rows.ts";

/** Share of rows held out for the one final test of the winning model. */
export const TEST_FRACTION = 0.2;

export const goldDatasets = defineAsset({
  key: "gold/datasets",
  group: "gold",
  deps: ["silver/full_dataset"],
  description:
    "Training and test sets (80/20, stratified on is_accident, seeded), the feature metadata, " +
    "and the feature list and weather encoder as JSON artifacts.",
  tables: ["gold.train", "gold.test", "gold.feature_metadata", "gold.artifacts"],
  codeVersion: "1",
  parameters: (settings) => ({ seed: settings.seed, testFraction: TEST_FRACTION }),

  async materialize({ lake, tx, settings, runId }) {
    const view = await lake.read("silver.full_dataset");
    const described = await lake.query<{ column_name: string }>(`DESCRIBE ${view}`);
    const present = new Set(described.map((c) => c.column_name));
    const needed = [...ID_COLUMNS, ...FEATURES.map((f) => f.name)];
    const missing = needed.filter((name) => !present.has(name));
    if (missing.length > 0) {
      throw new Error(
        `silver.full_dataset lacks column(s) ${missing.join(", ")}: ` +
          "rematerialize silver/full_dataset.",
      );
    }

    const ids = await lake.query<{ row_id: number; is_accident: number }>(
      `SELECT row_id, is_accident FROM ${view} ORDER BY row_id`,
    );
    const split = stratifiedHoldout(
      ids.map((r) => r.is_accident),
      TEST_FRACTION,
      settings.seed,
    );
    const isTest = new Set(Array.from(split.test, (i) => ids[i].row_id));
    const splitTable = await stageRows(
      lake,
      "gold_split",
      [
        { name: "row_id", type: "BIGINT" },
        { name: "is_test", type: "BOOLEAN" },
      ],
      ids.map((r) => ({ row_id: r.row_id, is_test: isTest.has(r.row_id) })),
    );

    await tx.createSchema("gold");
    const columns = needed.map((name) => `d."${name}"`).join(", ");
    const select = (test: boolean) =>
      `SELECT ${columns} FROM ${view} d JOIN ${splitTable} s USING (row_id)
        WHERE s.is_test = ${test} ORDER BY d.row_id`;
    const trainRows = await tx.createOrReplace("gold.train", select(false));
    const testRows = await tx.createOrReplace("gold.test", select(true));

    const metadata = await stageRows(
      lake,
      "gold_feature_metadata",
      [
        { name: "name", type: "VARCHAR" },
        { name: "position", type: "INTEGER" },
        { name: "kind", type: "VARCHAR" },
        { name: "description", type: "VARCHAR" },
        { name: "categories", type: "VARCHAR" },
      ],
      FEATURES.map((f, position) => ({
        name: f.name,
        position,
        kind: f.kind,
        description: f.description,
        categories: f.categories ? JSON.stringify(f.categories) : null,
      })),
    );
    await tx.createOrReplace(
      "gold.feature_metadata",
      `SELECT * FROM ${metadata} ORDER BY position`,
    );

    const records = await writeJsonArtifacts(lake, "datasets", runId, {
      features: {
        features: featureSpecs(),
        descriptions: Object.fromEntries(FEATURES.map((f) => [f.name, f.description])),
      },
      weather_encoder: WEATHER_ENCODER,
    });
    await replaceArtifacts(lake, tx, records);

    return {
      rows: trainRows + testRows,
      metadata: {
        train: trainRows,
        test: testRows,
        positivesTest: split.test.filter((i) => ids[i].is_accident === 1).length,
      },
    };
  },
});
