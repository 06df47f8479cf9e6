// Risk grid points with their place features, and reference scores (gold/risk_grid).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadRiskPoints } from "../../data-loaders/risk.ts";

await emitJson(loadRiskPoints);
