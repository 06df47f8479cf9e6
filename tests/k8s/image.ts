// Builds what the Docker image would hold, without a Docker engine: the files of the build
// context (.dockerignore applied) copied to a folder, plus `npm ci --omit=dev` as the Dockerfile
// runs it. Also reads the Dockerfile's instructions and the environment of the build container.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import type { ICronJob } from "kubernetes-models/batch/v1";
import type { IConfigMap } from "kubernetes-models/v1";
import { repoRoot } from "../support/shared.ts";
import type { KubeObject } from "./kube.ts";

// The package's types declare a default export, but the module assigns module.exports.
type DockerIgnore = typeof import("@balena/dockerignore").default;
const dockerignore = createRequire(import.meta.url)("@balena/dockerignore") as DockerIgnore;

export interface Instruction {
  keyword: string;
  args: string;
}

/** Parses a Dockerfile into instructions, joining `\` continuations and dropping comments. */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line) && current === "") continue;
    if (line.endsWith("\\")) {
      current += line.slice(0, -1) + " ";
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = "";
  }
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
}

/** Returns the variables the final stage's ENV instructions set, as the container starts with. */
export function imageEnvironment(dockerfile: string): Record<string, string> {
  const instructions = parseDockerfile(dockerfile);
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf("FROM");
  const env: Record<string, string> = {};
  for (const { keyword, args } of instructions.slice(lastFrom)) {
    if (keyword !== "ENV") continue;
    for (const pair of args.split(/\s+/)) {
      const [name, ...value] = pair.split("=");
      env[name] = value.join("=");
    }
  }
  return env;
}

function walk(folder: string, skip: (path: string) => boolean): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (skip(path)) return [];
    return entry.isDirectory() ? walk(path, skip) : [path];
  });
}

/** Copies the build context to `target` and installs the production dependencies there. */
export function buildImageFolder(target: string): void {
  const ignore = dockerignore({ ignorecase: false }).add(
    readFileSync(join(repoRoot, ".dockerignore"), "utf-8"),
  );
  const skipped = new Set([join(repoRoot, "node_modules"), join(repoRoot, ".git")]);
  for (const path of walk(repoRoot, (p) => skipped.has(p))) {
    const file = relative(repoRoot, path);
    if (ignore.ignores(file)) continue;
    mkdirSync(join(target, dirname(file)), { recursive: true });
    copyFileSync(path, join(target, file));
  }

  // --prefer-offline reuses the tarballs npm cached when the repository was installed.
  const npm = spawnSync(
    "npm",
    ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
    { cwd: target, encoding: "utf-8" },
  );
  if (npm.status !== 0) {
    throw new Error(`npm ci --omit=dev failed in ${target}:\n${npm.stderr}`);
  }
}

/** Returns the modification time of every file under `folder`, by path relative to it. */
export function fileTimes(folder: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const path of walk(folder, () => false)) {
    times.set(relative(folder, path), statSync(path).mtimeMs);
  }
  return times;
}

/** Lists the files added or modified between two `fileTimes` results. */
export function changedFiles(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([path, time]) => before.get(path) !== time).map(([path]) => path);
}

/**
 * Returns the environment of the build container in the rendered objects: the settings
 * ConfigMap, the Secret's keys from `secrets`, and the container's own `env` values.
 */
export function podEnvironment(
  objects: KubeObject[],
  secrets: Record<string, string>,
): Record<string, string> {
  const cronJob = objects.find((o) => o.kind === "CronJob") as unknown as ICronJob;
  const container = cronJob.spec!.jobTemplate.spec!.template.spec!.containers[0];

  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = objects.find(
        (o) => o.kind === "ConfigMap" && o.metadata.name === source.configMapRef!.name,
      ) as unknown as IConfigMap | undefined;
      if (!map) throw new Error(`No ConfigMap ${source.configMapRef.name} in the objects.`);
      Object.assign(env, map.data);
    }
    if (source.secretRef) Object.assign(env, secrets);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
  }
  return env;
}
