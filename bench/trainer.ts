// Benchmark of the random-forest trainer against ml-random-forest and scikit-learn on the same
// rows with the same settings: 100 trees, depth 12, 30 % of the features per split.
//
//   npm run bench:trainer
//
// Datasets: synthetic 5,000 × 24 and 50,000 × 24 (pipeline/ml/synthetic.ts, scored on 20,000
// fresh rows), plus the lake's gold.train scored on gold.test when the lake has them.
// scikit-learn runs through /usr/bin/python3 (Debian's python3-sklearn) with n_jobs=1; this
// trainer runs on the main thread. ml-random-forest needs minutes per 100 trees even at 5,000
// rows, so it fits 10 trees on the small dataset only and its 100-tree time is extrapolated.
// The last line is `RESULT trainer_vs_sklearn_ratio=<x> auc_delta=<y>` for 50,000 × 24.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RandomForestClassifier } from "ml-random-forest";

import type { Dataset } from "../pipeline/ml/dataset.ts";
import { fitModel } from "../pipeline/ml/fit.ts";
import { rocAuc } from "../pipeline/ml/metrics.ts";
import { type FeatureSpec, predictColumns } from "../pipeline/ml/model-json.ts";
import { syntheticDataset } from "../pipeline/ml/synthetic.ts";
import { loadRealData } from "./trainer-real.ts";

const SETTINGS = { nTrees: 100, maxDepth: 12, maxFeatures: 0.3 };
const ML_RANDOM_FOREST_TREES = 10;
const PYTHON = "/usr/bin/python3";

interface Row {
  dataset: string;
  trainer: string;
  trees: number;
  seconds: number;
  auc: number;
  note: string;
}

interface Case {
  name: string;
  train: Dataset;
  test: Dataset;
}

function timeTrainer(item: Case): Row {
  const features: FeatureSpec[] = item.train.columns.map((_, j) => ({
    name: `x${j}`,
    kind: "numeric",
  }));
  const started = performance.now();
  const model = fitModel("random_forest", item.train, features, SETTINGS, 1);
  const seconds = (performance.now() - started) / 1000;
  const auc = rocAuc(item.test.labels, predictColumns(model, item.test.columns));
  return {
    dataset: item.name,
    trainer: "this trainer",
    trees: 100,
    seconds,
    auc,
    note: "1 thread",
  };
}

function toRows(data: Dataset): number[][] {
  return Array.from(data.labels, (_, i) => data.columns.map((column) => column[i]));
}

function timeMlRandomForest(item: Case): Row {
  const forest = new RandomForestClassifier({
    nEstimators: ML_RANDOM_FOREST_TREES,
    maxFeatures: SETTINGS.maxFeatures,
    treeOptions: { maxDepth: SETTINGS.maxDepth },
    seed: 1,
    useSampleBagging: true,
    replacement: false,
    noOOB: true,
  });
  const rows = toRows(item.train);
  const started = performance.now();
  forest.train(rows, Array.from(item.train.labels));
  const seconds = (performance.now() - started) / 1000;
  const auc = rocAuc(item.test.labels, forest.predictProbability(toRows(item.test), 1));
  const estimate = (seconds * SETTINGS.nTrees) / ML_RANDOM_FOREST_TREES;
  const note = `≈ ${estimate.toFixed(0)} s for 100 trees (extrapolated)`;
  return {
    dataset: item.name,
    trainer: "ml-random-forest",
    trees: ML_RANDOM_FOREST_TREES,
    seconds,
    auc,
    note,
  };
}

const SKLEARN_SCRIPT = `
import json, sys, time
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
folder, n_train, n_test, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x_train = np.fromfile(folder + "/x_train.f64").reshape(n_train, p)
y_train = np.fromfile(folder + "/y_train.u8", dtype=np.uint8)
x_test = np.fromfile(folder + "/x_test.f64").reshape(n_test, p)
y_test = np.fromfile(folder + "/y_test.u8", dtype=np.uint8)
forest = RandomForestClassifier(n_estimators=100, max_depth=12, max_features=0.3, n_jobs=1,
                                random_state=1)
started = time.perf_counter()
forest.fit(x_train, y_train)
seconds = time.perf_counter() - started
auc = roc_auc_score(y_test, forest.predict_proba(x_test)[:, 1])
print(json.dumps({"seconds": seconds, "auc": auc}))
`;

function rowMajor(data: Dataset): Float64Array {
  const p = data.columns.length;
  const out = new Float64Array(data.labels.length * p);
  data.columns.forEach((column, j) => column.forEach((x, i) => (out[i * p + j] = x)));
  return out;
}

function sklearnAvailable(): boolean {
  const probe = spawnSync(PYTHON, ["-c", "import sklearn"], { encoding: "utf8" });
  return probe.status === 0;
}

function timeSklearn(item: Case): Row {
  const folder = mkdtempSync(join(tmpdir(), "bench-trainer-"));
  try {
    writeFileSync(join(folder, "x_train.f64"), rowMajor(item.train));
    writeFileSync(join(folder, "y_train.u8"), item.train.labels);
    writeFileSync(join(folder, "x_test.f64"), rowMajor(item.test));
    writeFileSync(join(folder, "y_test.u8"), item.test.labels);
    writeFileSync(join(folder, "forest.py"), SKLEARN_SCRIPT);
    const args = [
      join(folder, "forest.py"),
      folder,
      String(item.train.labels.length),
      String(item.test.labels.length),
      String(item.train.columns.length),
    ];
    const run = spawnSync(PYTHON, args, { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`scikit-learn run failed on ${item.name}: ${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as {
      seconds: number;
      auc: number;
    };
    return { dataset: item.name, trainer: "scikit-learn", trees: 100, ...result, note: "n_jobs=1" };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function print(row: Row): void {
  const cells = [
    row.dataset.padEnd(22),
    row.trainer.padEnd(17),
    String(row.trees).padStart(5),
    row.seconds.toFixed(2).padStart(9),
    row.auc.toFixed(4).padStart(7),
    row.note,
  ];
  console.log(cells.join("  "));
}

async function main(): Promise<void> {
  const cases: Case[] = [
    {
      name: "synthetic 5,000 × 24",
      train: syntheticDataset(5000, 24, 1),
      test: syntheticDataset(20000, 24, 2),
    },
    {
      name: "synthetic 50,000 × 24",
      train: syntheticDataset(50000, 24, 3),
      test: syntheticDataset(20000, 24, 4),
    },
  ];
  const real = await loadRealData();
  if (real) cases.push({ name: real.name, train: real.train, test: real.test });
  else
    console.log(
      "gold.train: not in the lake (run `npm run pipeline -- materialize gold/datasets`).",
    );

  const withSklearn = sklearnAvailable();
  if (!withSklearn)
    console.log(`scikit-learn: not importable by ${PYTHON} (apt-get install python3-sklearn).`);

  console.log(
    [
      "dataset".padEnd(22),
      "trainer".padEnd(17),
      "trees",
      "fit (s)".padStart(9),
      "AUC".padStart(7),
      "note",
    ].join("  "),
  );
  const results: Row[] = [];
  for (const item of cases) {
    const rows = [timeTrainer(item)];
    if (item === cases[0]) rows.push(timeMlRandomForest(item));
    if (withSklearn) rows.push(timeSklearn(item));
    rows.forEach(print);
    results.push(...rows);
  }

  const large = cases[1].name;
  const ours = results.find((r) => r.dataset === large && r.trainer === "this trainer");
  const theirs = results.find((r) => r.dataset === large && r.trainer === "scikit-learn");
  if (!ours || !theirs) {
    console.log("RESULT trainer_vs_sklearn_ratio=NaN auc_delta=NaN");
    return;
  }
  const ratio = ours.seconds / theirs.seconds;
  const delta = ours.auc - theirs.auc;
  console.log(`RESULT trainer_vs_sklearn_ratio=${ratio.toFixed(3)} auc_delta=${delta.toFixed(4)}`);
}

await main();
