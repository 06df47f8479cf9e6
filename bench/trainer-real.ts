// Reads the lake's gold.train and gold.test for the trainer benchmark, when they exist.
import type { Dataset } from "../pipeline/ml/dataset.ts";

export interface RealData {
  name: string;
  train: Dataset;
  test: Dataset;
}

// TODO(gold datasets not written yet): read gold.train and gold.test through openLake.
export async function loadRealData(): Promise<RealData | undefined> {
  return undefined;
}
