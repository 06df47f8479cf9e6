// Runs every tests/**/*.test.ts (or the files and folders given) with Node's test runner and tsx.
// Node 20's --test does not expand globs, so the file list is built here.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith(".test.ts") ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name === "node_modules" ? [] : collect(join(path, name))));
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ["tests"]).flatMap(collect);
if (files.length === 0) {
  console.error(`No *.test.ts files under ${roots.join(", ") || "tests"}.`);
  process.exit(1);
}

// One file at a time: suites start real Postgres, S3 and browser processes on a 2-core machine.
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...files],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
