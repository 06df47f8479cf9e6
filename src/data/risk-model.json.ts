// The selected model as JSON, scored in the browser by the risk map (gold/models).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadRiskModel } from "../../data-loaders/risk.ts";

await emitJson(loadRiskModel);
