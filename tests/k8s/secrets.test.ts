// The credential search used on the built site, on planted files.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { findSecrets } from "./secrets.ts";

describe("findSecrets", () => {
  const folder = mkdtempSync(join(tmpdir(), "accidents-nc-secrets-"));
  after(() => rmSync(folder, { recursive: true, force: true }));

  mkdirSync(join(folder, "_file", "data"), { recursive: true });
  writeFileSync(join(folder, "index.html"), "<p>Accidents 2020: 333</p>");
  writeFileSync(join(folder, "_file", "data", "runs.json"), '{"catalog":"host=db","key":"AKIA42"}');
  writeFileSync(join(folder, "page.js"), 'fetch("postgres://lake:hunter2@db:5432/lake")');
  const secrets = { POSTGRES_PASSWORD: "hunter2", AWS_ACCESS_KEY_ID: "AKIA42" };

  test("names each planted secret and its file", () => {
    assert.deepEqual(findSecrets(folder, secrets).sort(), [
      "_file/data/runs.json: AWS_ACCESS_KEY_ID",
      "page.js: POSTGRES_PASSWORD",
      "page.js: URL with credentials (postgres://lake:***@db:5432)",
    ]);
  });

  test("clean folder has no finding", () => {
    const clean = join(folder, "_file");
    assert.deepEqual(findSecrets(clean, { POSTGRES_PASSWORD: "hunter2" }), []);
  });

  test("URL without password is no finding", () => {
    const only = mkdtempSync(join(tmpdir(), "accidents-nc-secrets-"));
    const tiles = 'const u = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";';
    writeFileSync(join(only, "a.js"), tiles);
    writeFileSync(join(only, "b.js"), 'const m = "mailto:someone@example.org";');
    assert.deepEqual(findSecrets(only, {}), []);
    rmSync(only, { recursive: true, force: true });
  });
});
