// The bronze assets, in no particular order: the graph orders them by their deps.
import type { AssetDefinition } from "../../assets/define.ts";
import { accidentsNcAsset } from "./accidents-nc.ts";
import { baacAsset } from "./baac.ts";
import { roadsAsset } from "./roads.ts";

export const bronzeAssets: AssetDefinition[] = [baacAsset, accidentsNcAsset, roadsAsset];
