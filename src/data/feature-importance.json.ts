// Feature importance and partial dependence of the selected model (gold/models).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadFeatureImportance } from "../../data-loaders/model-report.ts";

await emitJson(loadFeatureImportance);
