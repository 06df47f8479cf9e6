// A worker thread of the fold pool. It keeps one copy of the dataset and fits one fold per
// message; a failure is sent back to the pool, which rejects that fold's promise.
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
