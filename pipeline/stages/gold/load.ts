// Reads gold.train or gold.test into typed columns for the trainer, with the row facts that the
// validation splits need (month, commune, position).
import type { Lake, TableName } from "../../lake/types.ts";
import type { Dataset } from "../../ml/dataset.ts";
import { type FeatureRow, type FeatureSpec, encodeRows } from "../../ml/model-json.ts";

export interface GoldRows {
  dataset: Dataset;
  rowIds: number[];
  /** year · 12 + month − 1 of each row's event time. */
  months: Int32Array;
  /** INSEE commune code of accidents; null for negatives. */
  communes: (string | null)[];
  latitudes: Float64Array;
  longitudes: Float64Array;
}

interface IdRow {
  row_id: number;
  is_accident: number;
  com: string | null;
  month_index: number;
}

export async function loadGoldRows(
  lake: Lake,
  table: TableName,
  features: FeatureSpec[],
): Promise<GoldRows> {
  const view = await lake.read(table);
  const names = features.map((f) => `"${f.name}"`).join(", ");
  const rows = await lake.query<IdRow & FeatureRow>(
    `SELECT row_id, is_accident, com,
            CAST(year(event_time) * 12 + month(event_time) - 1 AS INTEGER) AS month_index,
            ${names}
       FROM ${view} ORDER BY row_id`,
  );
  if (rows.length === 0) throw new Error(`${table} is empty: materialize gold/datasets first.`);

  const columns = encodeRows(features, rows);
  const labels = Uint8Array.from(rows, (row, i) => {
    if (row.is_accident !== 0 && row.is_accident !== 1) {
      throw new Error(
        `${table}, row_id ${row.row_id} (row ${i}): is_accident = ${row.is_accident}; ` +
          "expected 0 or 1.",
      );
    }
    return row.is_accident;
  });
  const column = (name: string) => columns[features.findIndex((f) => f.name === name)];

  return {
    dataset: { columns, labels },
    rowIds: rows.map((row) => row.row_id),
    months: Int32Array.from(rows, (row) => row.month_index),
    communes: rows.map((row) => row.com),
    latitudes: column("latitude") ?? new Float64Array(rows.length).fill(Number.NaN),
    longitudes: column("longitude") ?? new Float64Array(rows.length).fill(Number.NaN),
  };
}
