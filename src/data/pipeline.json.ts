// Assets, materialisations, snapshots, tables, quality report and rejected rows of the lake.
import { emitJson } from "../../data-loaders/emit.ts";
import { loadPipelineStatus } from "../../data-loaders/pipeline-status.ts";

await emitJson(loadPipelineStatus);
