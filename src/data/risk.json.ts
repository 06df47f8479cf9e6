// Risk grid points and their probabilities by hour and weather (gold.risk_grid).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadRiskGrid } from "../../data-loaders/risk.ts";

await emitJson(loadRiskGrid);
