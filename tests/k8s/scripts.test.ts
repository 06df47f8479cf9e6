// The shell scripts the build Jobs run: publish-site.sh (release folders, the `current` link,
// pruning) and the settings guard of build-and-publish.sh.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { repoRoot } from "../support/shared.ts";

const publishScript = join(repoRoot, "k8s/scripts/publish-site.sh");
const buildScript = join(repoRoot, "k8s/scripts/build-and-publish.sh");

function run(script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync("sh", [script, ...args], {
    encoding: "utf-8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
  });
}

describe("publish-site.sh", () => {
  const work = mkdtempSync(join(tmpdir(), "accidents-nc-publish-"));
  after(() => rmSync(work, { recursive: true, force: true }));

  function builtSite(name: string): string {
    const dist = join(work, name);
    mkdirSync(dist);
    writeFileSync(join(dist, "index.html"), `<title>${name}</title>`);
    return dist;
  }

  test("links current to the newest release", () => {
    const root = join(work, "site-newest");
    for (const name of ["a", "b"]) {
      assert.equal(run(publishScript, [builtSite(name), root]).status, 0);
    }
    const releases = readdirSync(join(root, "releases"));
    assert.equal(releases.length, 2);
    assert.equal(readlinkSync(join(root, "current")), `releases/${releases.sort()[1]}`);
    assert.equal(readFileSync(join(root, "current", "index.html"), "utf-8"), "<title>b</title>");
  });

  test("keeps only the newest releases", () => {
    const root = join(work, "site-keep");
    for (const name of ["c", "d", "e", "f"]) {
      assert.equal(run(publishScript, [builtSite(name), root, "2"]).status, 0);
    }
    const remaining = readdirSync(join(root, "releases")).sort();
    assert.equal(remaining.length, 2);
    const titles = remaining.map((release) =>
      readFileSync(join(root, "releases", release, "index.html"), "utf-8"),
    );
    assert.deepEqual(titles, ["<title>e</title>", "<title>f</title>"]);
  });

  test("keeps the linked release even when old", () => {
    // A release named later than any this run can create: the newest by name, so pruning to one
    // release would delete the one this run links unless the script spares the linked release.
    const root = join(work, "site-linked");
    const later = "99991231T235959.999999999Z";
    mkdirSync(join(root, "releases", later), { recursive: true });

    const result = run(publishScript, [builtSite("g"), root, "1"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(join(root, "current", "index.html"), "utf-8"), "<title>g</title>");
    assert.equal(readdirSync(join(root, "releases")).length, 2);
  });

  test("rejects a folder without index.html", () => {
    const empty = join(work, "empty");
    mkdirSync(empty);
    const result = run(publishScript, [empty, join(work, "site-empty")]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /index\.html not found; run npm run build first/);
  });

  test("rejects a zero release count", () => {
    const result = run(publishScript, [builtSite("j"), join(work, "site-zero"), "0"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /KEEP must be a whole number of releases from 1, got '0'/);
  });
});

describe("build-and-publish.sh", () => {
  const lake = { DUCKLAKE_DATA_PATH: "s3://accidents-nc/lake/" };

  test("rejects a catalog file in the pod", () => {
    const catalog = "data/lake/catalog.ducklake";
    const env = { SITE_ROOT: "/site", DUCKLAKE_DATABASE_URL: catalog, ...lake };
    const result = run(buildScript, [], env);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /DUCKLAKE_DATABASE_URL must name a Postgres catalog/);
    assert.doesNotMatch(result.stderr, /catalog\.ducklake/);
  });

  test("rejects a data path in the pod", () => {
    const env = {
      SITE_ROOT: "/site",
      DUCKLAKE_DATABASE_URL: "postgres:dbname=accidents_nc host=db",
      DUCKLAKE_DATA_PATH: "data/lake/files/",
    };
    const result = run(buildScript, [], env);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /DUCKLAKE_DATA_PATH must be an s3:\/\/ address/);
  });

  test("requires the site root", () => {
    const result = run(buildScript, [], {});
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /SITE_ROOT must name the site volume/);
  });
});
