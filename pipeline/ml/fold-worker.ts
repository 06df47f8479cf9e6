// A worker thread of the fold pool: holds one copy of the dataset and fits one fold per message.
import { parentPort, workerData } from "node:worker_threads";

import { runFold, type FoldJob, type PoolData } from "./fold-pool.ts";

const data = workerData.data as PoolData;

parentPort?.on("message", (message: { id: number; job: FoldJob }) => {
  try {
    const result = runFold(data, message.job);
    parentPort?.postMessage({ id: message.id, result }, [result.predicted.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
