// The web server as deployed: the nginx configuration rendered by the microk8s overlay runs on
// 127.0.0.1 and serves releases published by k8s/scripts/publish-site.sh. Needs the nginx binary
// (Debian package nginx-light); paths and the port are rewritten for a temporary folder.
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { IDeployment } from "kubernetes-models/apps/v1";
import type { IConfigMap } from "kubernetes-models/v1";
import { readSettings } from "../../pipeline/config.ts";
import { repoRoot } from "../support/shared.ts";
import { renderKustomization } from "./kube.ts";

const objects = renderKustomization("k8s/overlays/microk8s");
const deployment = objects.find((o) => o.kind === "Deployment") as unknown as IDeployment;
const pod = deployment.spec!.template.spec!;
const container = pod.containers[0];

/** Returns the mount path of a volume in the nginx container. */
function mountPathOf(volume: string): string {
  const mount = container.volumeMounts!.find((m) => m.name === volume);
  assert.ok(mount, `nginx container mounts no volume ${volume}`);
  return mount.mountPath;
}

/** Replaces every occurrence of `from`, and fails when there is none: the config changed shape. */
function replaceAll(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `nginx.conf no longer contains "${from}"`);
  return text.split(from).join(to);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForHttp(url: string, nginx: ChildProcess, stderr: () => string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${stderr()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nginx did not answer on ${url} within 5 s: ${stderr()}`);
}

function publish(dist: string, siteRoot: string) {
  const script = join(repoRoot, "k8s/scripts/publish-site.sh");
  const result = spawnSync("sh", [script, dist, siteRoot, "2"], { encoding: "utf-8" });
  assert.equal(result.status, 0, result.stderr);
}

/** Splits a Content-Security-Policy header into its directives and their sources. */
function parsePolicy(header: string): Map<string, string[]> {
  return new Map(
    header.split(";").map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );
}

/** Tells whether a CSP host source such as `https://*.example.org` allows a URL's origin. */
function allows(source: string, url: URL): boolean {
  const match = /^(https?):\/\/(\*\.)?([^/]+)$/.exec(source);
  if (!match || `${match[1]}:` !== url.protocol) return false;
  return match[2] ? url.hostname.endsWith(`.${match[3]}`) : url.hostname === match[3];
}

/** Writes a tiny built site shaped like Framework's output. */
function writeSite(dist: string, title: string) {
  mkdirSync(join(dist, "_observablehq"), { recursive: true });
  writeFileSync(join(dist, "index.html"), `<!doctype html><title>${title}</title>`);
  writeFileSync(join(dist, "carte.html"), "<!doctype html><title>Carte</title>");
  writeFileSync(join(dist, "404.html"), "<!doctype html><title>Page introuvable</title>");
  writeFileSync(join(dist, "_observablehq", "client.0a1b2c3d.js"), "export {};\n");
}

describe("nginx serving the site", () => {
  const work = mkdtempSync(join(tmpdir(), "accidents-nc-nginx-"));
  const siteRoot = join(work, "site");
  let nginx: ChildProcess;
  let base = "";
  let errors = "";

  before(async () => {
    // nginx workers drop root privileges; they must be able to read the temporary folder.
    chmodSync(work, 0o755);

    const configName = pod.volumes!.find((v) => v.name === "nginx-config")!.configMap!.name;
    const configMap = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name === configName,
    ) as unknown as IConfigMap;
    const confDir = join(work, "conf");
    mkdirSync(confDir);
    mkdirSync(join(work, "run"));

    const port = await freePort();
    const containerPort = container.ports![0].containerPort;
    for (const [file, text] of Object.entries(configMap.data!)) {
      let conf = text;
      if (file === "nginx.conf") {
        // The temporary folder itself lies under /tmp, so /tmp is rewritten first.
        conf = replaceAll(conf, `${mountPathOf("tmp")}/`, `${work}/run/`);
        conf = replaceAll(conf, `listen ${containerPort};`, `listen 127.0.0.1:${port};`);
        const root = `root ${mountPathOf("site")}/current;`;
        conf = replaceAll(conf, root, `root ${siteRoot}/current;`);
      }
      writeFileSync(join(confDir, file), conf);
    }

    // The Deployment's command, with the config folder moved to the temporary one.
    const [program, ...args] = container.command!;
    const configMount = mountPathOf("nginx-config");
    const localArgs = args.map((a) => a.replace(configMount, confDir));
    nginx = spawn(program, ["-e", "stderr", "-p", `${work}/`, ...localArgs], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    nginx.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    nginx.on("error", (error) => (errors += `${error.message}: install the nginx-light package`));
    base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, nginx, () => errors);
  });

  after(() => {
    nginx?.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  });

  test("liveness responds before any release", async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "ok\n");
  });

  test("readiness fails before any release", async () => {
    const response = await fetch(`${base}/readyz`);
    assert.equal(response.status, 503);
  });

  test("published release becomes ready", async () => {
    const dist = join(work, "dist-1");
    writeSite(dist, "Première");
    publish(dist, siteRoot);

    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Première/);
  });

  test("page carries the content security policy", async () => {
    const response = await fetch(`${base}/`);
    const directives = parsePolicy(response.headers.get("content-security-policy") ?? "");
    assert.deepEqual(directives.get("default-src"), ["'self'"]);
    assert.deepEqual(directives.get("connect-src"), ["'self'"]);
    assert.deepEqual(directives.get("img-src"), [
      "'self'",
      "data:",
      "blob:",
      "https://tile.openstreetmap.org",
      "https://*.tile.openstreetmap.org",
    ]);
    assert.deepEqual(directives.get("object-src"), ["'none'"]);
    assert.deepEqual(directives.get("frame-ancestors"), ["'none'"]);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("cache-control"), "no-cache");
  });

  test("policy allows the configured tile server", async () => {
    const response = await fetch(`${base}/`);
    const directives = parsePolicy(response.headers.get("content-security-policy") ?? "");
    const settings = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name === "accidents-nc-settings",
    ) as unknown as IConfigMap;
    const template = readSettings(settings.data).mapTileUrl;
    // Leaflet fills {s} with a subdomain letter and {z}/{x}/{y} with tile numbers.
    const tile = new URL(template.replace("{s}", "a").replace(/\{[xyz]\}/g, "0"));
    const sources = directives.get("img-src") ?? [];
    assert.ok(sources.some((source) => allows(source, tile)), `img-src blocks ${tile.origin}`);
  });

  test("clean URL serves the page file", async () => {
    const response = await fetch(`${base}/carte`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Carte/);
  });

  test("hashed asset is immutable and keeps the policy", async () => {
    const response = await fetch(`${base}/_observablehq/client.0a1b2c3d.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /javascript/);
    assert.match(response.headers.get("cache-control") ?? "", /immutable/);
    assert.ok(response.headers.get("content-security-policy"));
  });

  test("missing page returns the site's 404", async () => {
    const response = await fetch(`${base}/nulle-part`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Page introuvable/);
    assert.ok(response.headers.get("content-security-policy"));
  });

  test("new release is served without reload", async () => {
    const dist = join(work, "dist-2");
    writeSite(dist, "Seconde");
    publish(dist, siteRoot);
    assert.match(await (await fetch(`${base}/`)).text(), /Seconde/);
  });
});
