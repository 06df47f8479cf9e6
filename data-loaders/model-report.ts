// The model page and the importance part of the analysis page, from the gold/models asset.
import { withFreshLake } from "./lake-access.ts";

// TODO(gold/models not published yet): read gold.model_runs, gold.model_metrics and the model
// artifacts once their columns are fixed; until then the pages say the data is not available.
async function notWiredYet(): Promise<never> {
  throw new Error("gold/models exists but data-loaders/model-report.ts does not read it yet.");
}

export function loadModelReport() {
  return withFreshLake(["gold/models"], notWiredYet);
}

export function loadFeatureImportance() {
  return withFreshLake(["gold/models"], notWiredYet);
}
