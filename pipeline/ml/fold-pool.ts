// Fits cross-validation folds on worker threads, one per CPU core by default, so a model search
// uses every core. Results do not depend on the number of workers: each fold's seed is fixed by
// the job, not by the worker that runs it.
import { Worker } from "node:worker_threads";

import { type Dataset, takeRows } from "./dataset.ts";
import { type Params, fitModel } from "./fit.ts";
import { type FeatureSpec, type ModelFamily, predictUncalibrated } from "./model-json.ts";

export interface PoolData {
  dataset: Dataset;
  features: FeatureSpec[];
}

export interface FoldJob {
  family: ModelFamily;
  params: Params;
  seed: number;
  train: Uint32Array;
  test: Uint32Array;
}

export interface FoldResult {
  /** Uncalibrated predictions for the job's test rows, in their order. */
  predicted: Float64Array;
  seconds: number;
}

/** Fits one fold on the current thread. */
export function runFold(data: PoolData, job: FoldJob): FoldResult {
  const started = performance.now();
  const model = fitModel(
    job.family,
    takeRows(data.dataset, job.train),
    data.features,
    job.params,
    job.seed,
  );
  const predicted = predictUncalibrated(model, takeRows(data.dataset, job.test).columns);
  return { predicted, seconds: (performance.now() - started) / 1000 };
}

export interface FoldRunner {
  run(job: FoldJob): Promise<FoldResult>;
  close(): Promise<void>;
}

/** Runs folds one after the other on the current thread. */
export function localRunner(data: PoolData): FoldRunner {
  return {
    run: async (job) => runFold(data, job),
    close: async () => undefined,
  };
}

interface Pending {
  resolve(result: FoldResult): void;
  reject(error: Error): void;
}

/** Runs folds on `size` worker threads (size ≤ 1 runs them on the current thread). */
export function workerRunner(data: PoolData, size: number): FoldRunner {
  if (size <= 1) return localRunner(data);

  const entry = new URL("./fold-worker.ts", import.meta.url).href;
  const workers = Array.from(
    { length: size },
    () =>
      new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { entry, data } }),
  );
  const idle = [...workers];
  const queue: { id: number; job: FoldJob }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      worker.postMessage(queue.shift());
    }
  };

  for (const worker of workers) {
    worker.on("message", (message: { id: number; result?: FoldResult; error?: string }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      idle.push(worker);
      if (message.error !== undefined)
        waiting?.reject(new Error(`Fold worker failed: ${message.error}`));
      else if (message.result) waiting?.resolve(message.result);
      dispatch();
    });
    worker.on("error", (error: Error) => {
      failure = error;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  }

  return {
    run(job) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<FoldResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        queue.push({ id, job });
        dispatch();
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
