// Reads the lake's gold.train and gold.test for the trainer benchmark, when they exist.
import { openLake } from "../pipeline/lake/index.ts";
import type { Dataset } from "../pipeline/ml/dataset.ts";
import { featureSpecs } from "../pipeline/stages/gold/features.ts";
import { loadGoldRows } from "../pipeline/stages/gold/load.ts";

export interface RealData {
  name: string;
  train: Dataset;
  test: Dataset;
}

/** Replaces missing values by the training column's median: scikit-learn 1.2 (Debian 12)
 *  rejects NaN, and all three trainers then see the same values. */
function imputeMedians(train: Dataset, test: Dataset): void {
  train.columns.forEach((column, j) => {
    const present = column.filter((x) => !Number.isNaN(x)).sort();
    const median = present.length ? present[Math.floor(present.length / 2)] : 0;
    for (const data of [train, test]) {
      const target = data.columns[j];
      for (let i = 0; i < target.length; i++) if (Number.isNaN(target[i])) target[i] = median;
    }
  });
}

export async function loadRealData(): Promise<RealData | undefined> {
  const lake = await openLake();
  try {
    if (!(await lake.tableExists("gold.train")) || !(await lake.tableExists("gold.test")))
      return undefined;

    const features = featureSpecs();
    const train = (await loadGoldRows(lake, "gold.train", features)).dataset;
    const test = (await loadGoldRows(lake, "gold.test", features)).dataset;
    imputeMedians(train, test);
    const name = `gold.train ${train.labels.length.toLocaleString("en")} × ${features.length}`;
    return { name, train, test };
  } finally {
    await lake.close();
  }
}
