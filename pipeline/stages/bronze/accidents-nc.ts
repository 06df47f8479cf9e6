// bronze/accidents_nc: one row per accident of the configured département, with its victims and
// vehicles counted.
import { defineAsset } from "../../assets/define.ts";
import { accidentsSql, excludedAccidentsSql } from "./accidents-nc-sql.ts";

export const accidentsNcAsset = defineAsset({
  key: "bronze/accidents_nc",
  group: "bronze",
  deps: ["bronze/baac"],
  description:
    "One row per accident of the département (ACCIDENTS_DEPARTMENT): time, coordinates, " +
    "conditions, road fields, victim and vehicle counts.",
  tables: ["bronze.accidents_nc"],
  codeVersion: "1",
  parameters: (settings) => ({ department: settings.accidentsDepartment }),
  materialize: async ({ settings, lake, tx, log }) => {
    const views = {
      caracteristiques: await lake.read("bronze.caracteristiques"),
      lieux: await lake.read("bronze.lieux"),
      vehicules: await lake.read("bronze.vehicules"),
      usagers: await lake.read("bronze.usagers"),
    };
    const department = settings.accidentsDepartment;
    const rows = await tx.createOrReplace("bronze.accidents_nc", accidentsSql(views, department));

    const [{ n: excluded }] = await lake.query<{ n: number }>(
      excludedAccidentsSql(views.caracteristiques, department),
    );
    if (excluded > 0) {
      log(
        `${excluded} accidents left out for an invalid time or coordinates (bronze.rejected_rows)`,
      );
    }
    if (rows === 0) {
      log(`no accident for département ${department} in the configured years`);
    }
    return { rows, metadata: { department, excluded } };
  },
});
