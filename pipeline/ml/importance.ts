// Permutation importance: how much the ROC AUC drops when one feature's values are shuffled
// across rows, breaking its link with the label while keeping its distribution.
import type { Dataset } from "./dataset.ts";
import { mean, rocAuc, standardDeviation } from "./metrics.ts";
import { type ModelJson, predictColumns } from "./model-json.ts";
import { Random } from "./random.ts";

export interface FeatureImportance {
  feature: string;
  /** Mean AUC drop over the repeats; near 0 or negative means the model does not rely on it. */
  importanceMean: number;
  importanceStd: number;
}

export function permutationImportance(
  model: ModelJson,
  data: Dataset,
  repeats: number,
  seed: number,
): FeatureImportance[] {
  const random = new Random(seed);
  const baseline = rocAuc(data.labels, predictColumns(model, data.columns));

  return model.features.map((spec, j) => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const columns = data.columns.slice();
      columns[j] = random.shuffle(data.columns[j].slice());
      drops.push(baseline - rocAuc(data.labels, predictColumns(model, columns)));
    }
    return {
      feature: spec.name,
      importanceMean: mean(drops),
      importanceStd: standardDeviation(drops),
    };
  });
}
