// bronze/baac: the four BAAC tables of every configured year, typed with one schema, plus the
// rejected values and the checksums of the files read.
import { defineAsset } from "../../assets/define.ts";
import type { TableName } from "../../lake/types.ts";
import { resolveBaacFiles } from "../../sources/baac.ts";
import { dropTempTables, loadBaacTables, type BronzeTable } from "./baac-load.ts";
import { sqlIdentifier } from "./sql.ts";

const TABLES: readonly BronzeTable[] = [
  "caracteristiques",
  "lieux",
  "vehicules",
  "usagers",
  "rejected_rows",
  "source_files",
];

export const baacAsset = defineAsset({
  key: "bronze/baac",
  group: "bronze",
  deps: [],
  description:
    "BAAC caracteristiques, lieux, vehicules and usagers of every configured year, typed with " +
    "one schema; values that fail their type go to bronze.rejected_rows.",
  tables: TABLES.map((table) => `bronze.${table}`),
  codeVersion: "1",
  parameters: (settings) => ({ years: settings.accidentsYears }),
  inputs: async (settings, log, options) => {
    const files = await resolveBaacFiles(settings, log, options);
    return files.map(({ path, sha256 }) => ({ path, sha256 }));
  },
  materialize: async ({ settings, lake, tx, runId, log }) => {
    const files = await resolveBaacFiles(settings, log);
    const prefix = `bronze_baac_${runId.replace(/\W/g, "_")}_`;
    try {
      const loaded = await loadBaacTables(lake.connection, files, prefix);
      // Rows keep file order, so a table reads like its files.
      const order: Record<BronzeTable, string> = {
        caracteristiques: "year, line",
        lieux: "year, line",
        vehicules: "year, line",
        usagers: "year, line",
        rejected_rows: "source_file, line, field",
        source_files: "year, kind",
      };
      let rows = 0;
      for (const table of TABLES) {
        rows += await tx.createOrReplace(
          `bronze.${table}` as TableName,
          `SELECT * FROM ${sqlIdentifier(loaded.tables[table])} ORDER BY ${order[table]}`,
        );
      }

      const rejected = loaded.rows.rejected_rows;
      if (rejected > 0) {
        log(`${rejected.toLocaleString("en-US")} values rejected: see bronze.rejected_rows`);
      }
      return {
        rows,
        metadata: {
          files: files.length,
          years: [...new Set(files.map((file) => file.year))].join(","),
          caracteristiques: loaded.rows.caracteristiques,
          rejected,
        },
      };
    } finally {
      await dropTempTables(lake.connection, prefix);
    }
  },
});
