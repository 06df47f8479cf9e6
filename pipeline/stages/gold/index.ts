// The gold assets, in no particular order: the graph orders them by their deps.
import type { AssetDefinition } from "../../assets/define.ts";

export const goldAssets: AssetDefinition[] = [];
