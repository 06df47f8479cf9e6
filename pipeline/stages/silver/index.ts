// The silver assets, in no particular order: the graph orders them by their deps.
import type { AssetDefinition } from "../../assets/define.ts";
import { fullDatasetAsset } from "./full-dataset.ts";

export const silverAssets: AssetDefinition[] = [fullDatasetAsset];
