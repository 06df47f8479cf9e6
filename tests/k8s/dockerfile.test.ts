// The Dockerfile and its build context, checked without a Docker engine. The image must start from
// a pinned Node 20 base, install with `npm ci`, run as an unprivileged user and default to
// `npm run build`. The context must carry the sources the build needs, and no secrets, lakes,
// caches or tests.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { createRequire } from "node:module";
import type { ICronJob } from "kubernetes-models/batch/v1";
import { repoRoot } from "../support/shared.ts";
import { type Instruction, parseDockerfile } from "./image.ts";
import { renderKustomization } from "./kube.ts";

// The package's types declare a default export, but the module assigns module.exports.
type DockerIgnore = typeof import("@balena/dockerignore").default;
const dockerignore = createRequire(import.meta.url)("@balena/dockerignore") as DockerIgnore;

/** Substitutes `${NAME}` with the defaults of the ARG instructions before the first FROM. */
function resolveArgs(instructions: Instruction[], text: string): string {
  const defaults = new Map<string, string>();
  for (const { keyword, args } of instructions) {
    if (keyword === "FROM") break;
    if (keyword === "ARG") {
      const [name, value] = args.split("=");
      defaults.set(name, value);
    }
  }
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    const value = defaults.get(name);
    assert.ok(value, `Dockerfile: ARG ${name} has no default before the first FROM`);
    return value;
  });
}

/** Lists the files of the working tree, skipping folders the context must ignore anyway. */
function workingTree(folder = repoRoot): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name === ".git") return [];
      return workingTree(path);
    }
    return [relative(repoRoot, path)];
  });
}

const dockerfileText = readFileSync(join(repoRoot, "Dockerfile"), "utf-8");
const instructions = parseDockerfile(dockerfileText);
const ignore = dockerignore({ ignorecase: false }).add(
  readFileSync(join(repoRoot, ".dockerignore"), "utf-8"),
);

describe("dockerfile", () => {
  const stages = instructions.filter((i) => i.keyword === "FROM");

  test("base images are Node 20 slim pinned by digest", () => {
    assert.equal(stages.length, 2);
    for (const stage of stages) {
      const image = resolveArgs(instructions, stage.args.split(/\s+/)[0]);
      assert.match(image, /^node:20\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/);
    }
  });

  test("dependencies install with npm ci", () => {
    const runs = instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    assert.ok(runs.some((r) => /\bnpm ci\b/.test(r)), "no RUN npm ci");
    assert.ok(!runs.some((r) => /\bnpm install\b/.test(r)), "npm install ignores the lock file");
  });

  test("image runs as the unprivileged user", () => {
    const users = instructions.filter((i) => i.keyword === "USER").map((i) => i.args);
    assert.equal(users.at(-1), "node");
    const keywords = instructions.map((i) => i.keyword);
    const lastUser = keywords.lastIndexOf("USER");
    const lastFrom = keywords.lastIndexOf("FROM");
    assert.ok(lastUser > lastFrom, "USER must be set in the final stage");
  });

  test("default command is npm run build", () => {
    const command = instructions.filter((i) => i.keyword === "CMD").at(-1);
    assert.deepEqual(JSON.parse(command!.args), ["npm", "run", "build"]);
    const scripts = (
      JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf-8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    assert.ok(scripts.build, "package.json has no build script");
  });

  test("work dir matches the job's volume mounts", () => {
    const workdir = instructions.filter((i) => i.keyword === "WORKDIR").at(-1)!.args;
    const objects = renderKustomization("k8s/overlays/microk8s");
    const cronJob = objects.find((o) => o.kind === "CronJob") as unknown as ICronJob;
    const container = cronJob.spec!.jobTemplate.spec!.template.spec!.containers[0];
    const mounts = container.volumeMounts!.map((m) => m.mountPath);
    assert.ok(mounts.includes(`${workdir}/dist`), "dist/ must be writable");
    assert.ok(mounts.includes(`${workdir}/src/.observablehq/cache`), "Framework cache");
  });
});

describe("docker build context", () => {
  const files = workingTree();
  const included = new Set(files.filter((file) => !ignore.ignores(file)));

  test("context contains what the build needs", () => {
    const needed = [
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "observablehq.config.ts",
      "pipeline/config.ts",
      "k8s/scripts/build-and-publish.sh",
      "k8s/scripts/publish-site.sh",
    ];
    for (const file of needed) assert.ok(included.has(file), `${file} is not in the context`);
    for (const folder of ["pipeline/", "src/", "data-loaders/"]) {
      const inFolder = files.filter((f) => f.startsWith(folder) && !f.includes(".observablehq/"));
      assert.ok(inFolder.length > 0, `${folder} is empty`);
      for (const file of inFolder) assert.ok(included.has(file), `${file} is not in the context`);
    }
  });

  test("job command script is in the context", () => {
    const objects = renderKustomization("k8s/overlays/microk8s");
    const cronJob = objects.find((o) => o.kind === "CronJob") as unknown as ICronJob;
    const command = cronJob.spec!.jobTemplate.spec!.template.spec!.containers[0].command!;
    assert.equal(command[0], "sh");
    assert.ok(included.has(command[1]), `${command[1]} is not in the context`);
  });

  test("context leaves out secrets, lakes and tests", () => {
    const excluded = [
      ".env",
      ".env.production",
      "deploy.key",
      "certs/server.pem",
      "node_modules/pg/package.json",
      ".git/HEAD",
      "dist/index.html",
      "data/lake/catalog.ducklake",
      ".cache/lake/files/x.parquet",
      "src/.observablehq/cache/data/accidents.json",
      "tests/k8s/manifests.test.ts",
      "k8s/credentials.template.yaml",
      "k8s/overlays/microk8s/settings.yaml",
    ];
    for (const file of excluded) assert.ok(ignore.ignores(file), `${file} is in the context`);
    for (const file of included) {
      assert.doesNotMatch(file, /(^|\/)(\.env|.*\.(pem|key|ducklake))$/, file);
      assert.doesNotMatch(file, /^(tests|dist|data|bench)\//, file);
    }
  });
});
