// Candidates, curves, calibration, confusion matrix, validation schemes and runs (gold/models).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadModelReport } from "../../data-loaders/model-report.ts";

await emitJson(loadModelReport);
