// The web server as deployed: the nginx configuration rendered by the microk8s overlay runs on
// 127.0.0.1 and serves releases published by k8s/scripts/publish-site.sh.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { IConfigMap } from "kubernetes-models/v1";
import { readSettings } from "../../pipeline/config.ts";
import { repoRoot } from "../support/shared.ts";
import { renderKustomization } from "./kube.ts";
import { type NginxServer, startNginx } from "./nginx-server.ts";

const objects = renderKustomization("k8s/overlays/microk8s");

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
  const work = mkdtempSync(join(tmpdir(), "accidents-nc-nginx-site-"));
  const siteRoot = join(work, "site");
  let nginx: NginxServer;
  let base = "";

  before(async () => {
    // nginx workers drop root privileges when started as root; they must read the site.
    chmodSync(work, 0o755);
    nginx = await startNginx(objects, siteRoot);
    base = nginx.url;
  });

  after(async () => {
    await nginx?.stop();
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
