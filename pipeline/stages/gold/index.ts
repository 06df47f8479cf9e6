// The gold assets, in no particular order: the graph orders them by their deps.
import type { AssetDefinition } from "../../assets/define.ts";
import { goldDatasets } from "./datasets.ts";
import { goldModels } from "./models.ts";
import { goldRiskGrid } from "./risk-grid.ts";

export const goldAssets: AssetDefinition[] = [goldDatasets, goldModels, goldRiskGrid];
