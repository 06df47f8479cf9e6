// Every asset of the pipeline. The graph, the CLI and the pipeline page read this list.
import { bronzeAssets } from "../stages/bronze/index.ts";
import { goldAssets } from "../stages/gold/index.ts";
import { silverAssets } from "../stages/silver/index.ts";
import type { AssetDefinition } from "./define.ts";

export const assets: AssetDefinition[] = [...bronzeAssets, ...silverAssets, ...goldAssets];
