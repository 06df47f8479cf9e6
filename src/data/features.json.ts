// Distributions by target, correlations, road class and speed (silver.full_dataset).
import { emitJson } from "../../data-loaders/emit.ts";
import { loadFeatureAnalysis } from "../../data-loaders/features.ts";

await emitJson(loadFeatureAnalysis);
