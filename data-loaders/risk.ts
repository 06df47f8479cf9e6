// The risk map page, from gold.risk_grid.
import { withFreshLake } from "./lake-access.ts";

// TODO(gold/risk_grid not published yet): read gold.risk_grid once its columns are fixed.
async function notWiredYet(): Promise<never> {
  throw new Error("gold/risk_grid exists but data-loaders/risk.ts does not read it yet.");
}

export function loadRiskGrid() {
  return withFreshLake(["gold/risk_grid"], notWiredYet);
}
