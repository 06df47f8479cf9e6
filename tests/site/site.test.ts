// The built site in headless Chromium, on the real 2020 and 2021 accidents of New Caledonia.
// Builds the whole pipeline and site first (minutes); see fixture-site.ts to reuse a build.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Download, Page } from "playwright-core";
import { readLakeSettings } from "../../pipeline/config.ts";
import { openLake } from "../../pipeline/lake/index.ts";
import { repoRoot } from "../support/shared.ts";
import { buildFixtureSite, INJECTED_ACCIDENT, INJECTED_ADDRESS } from "./fixture-site.ts";
import {
  type Chromium, type SiteServer, launchChromium, serveStatic, SITE_PAGES, waitForRender,
  watchPage,
} from "./harness.ts";

const artifacts = join(repoRoot, "test-artifacts");

let server: SiteServer;
let chrome: Chromium;
let dist: string;
let lakeEnv: Record<string, string>;
let cleanup = () => {};

before(async () => {
  ({ dist, lakeEnv, cleanup } = buildFixtureSite());
  server = await serveStatic(dist);
  chrome = await launchChromium(server.url);
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await chrome?.close();
  await server?.close();
  cleanup();
});

async function openPage(path: string) {
  const page = await chrome.context.newPage();
  const problems = watchPage(page, server.url);
  await page.goto(`${server.url}${path}`);
  await waitForRender(page);
  return { page, problems };
}

async function shownCount(page: Page): Promise<number> {
  const text = await page.locator("[data-testid=accident-count]").innerText();
  return Number(text.replace(/\s/g, ""));
}

function listFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe("site pages", () => {
  for (const { path, name, heading } of SITE_PAGES) {
    test(`${name} renders without errors`, async () => {
      const { page, problems } = await openPage(path);
      // Let late cells (maps, fallbacks after a tile failure) run before judging.
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

      assert.equal(await page.locator("#observablehq-main h1").first().innerText(), heading);
      assert.deepEqual(problems.errors, []);
      assert.equal(await page.locator(".observablehq--error").count(), 0);
      await page.close();
    });
  }
});

describe("accident map", () => {
  test("shows 602 accidents, 269 in 2021", async () => {
    const { page, problems } = await openPage("/carte");
    await page.waitForSelector(".accident-map[data-count]");

    assert.equal(await shownCount(page), 602);
    assert.equal(await page.locator(".accident-map").getAttribute("data-count"), "602");

    await page.getByLabel("2020", { exact: true }).uncheck();
    await page.waitForSelector(".accident-map[data-count='269']");
    assert.equal(await shownCount(page), 269);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  test("heat toggle swaps the layer", async () => {
    const { page, problems } = await openPage("/carte");
    await page.waitForSelector(".accident-map[data-mode=clusters]");
    await page.getByLabel("Carte de chaleur").check();
    await page.waitForSelector(".accident-map[data-mode=heat]");

    assert.equal(await page.locator(".leaflet-marker-icon").count(), 0);
    assert.equal(await page.locator("canvas.leaflet-heatmap-layer").count(), 1);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  test("bundled Leaflet styles and icons load", async () => {
    const { page, problems } = await openPage(`/carte#accident=${INJECTED_ACCIDENT}`);
    const icon = page.locator("img.leaflet-marker-icon").first();
    await icon.waitFor({ timeout: 15_000 });

    // leaflet.css hides what overflows the map; without it the page would scroll sideways.
    const overflow = await page.locator(".leaflet-container").evaluate(
      (element) => getComputedStyle(element).overflow);
    assert.equal(overflow, "hidden");
    const src = String(await icon.getAttribute("src"));
    assert.ok(src.startsWith(`${server.url}/_node/leaflet@`), `icon served from elsewhere: ${src}`);
    assert.ok(await icon.evaluate((image: HTMLImageElement) => image.naturalWidth > 0));
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  test("draws roads when tiles fail", async () => {
    const { page } = await openPage("/carte");
    await page.waitForSelector(".accident-map[data-basemap=roads]", { timeout: 15_000 });
    const roads = await page.locator(".accident-map canvas").count();
    assert.ok(roads > 0, "expected a canvas with the roads of the lake");
    await page.close();
  });

  test("tiles replace the roads when reachable", async () => {
    // A stand-in tile server: every OpenStreetMap tile request gets a 1×1 PNG.
    const context = await chrome.browser.newContext();
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA" +
        "WjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    let tiles = 0;
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      if (url.startsWith("https://tile.openstreetmap.org/")) {
        tiles += 1;
        return route.fulfill({ status: 200, contentType: "image/png", body: png });
      }
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    const problems = watchPage(page, server.url);
    await page.goto(`${server.url}/carte`);
    await waitForRender(page);
    await page.waitForSelector(".leaflet-tile-loaded");
    // Past the 5 s after which a map without any loaded tile falls back to the roads.
    await page.waitForTimeout(6000);

    assert.ok(tiles > 0, "no tile was requested");
    assert.equal(await page.locator(".accident-map[data-basemap=roads]").count(), 0);
    assert.match(await page.locator(".leaflet-control-attribution").innerText(), /OpenStreetMap/);
    assert.deepEqual(problems.errors, []);
    await context.close();
  });

  test("popup shows address literally", async () => {
    const { page, problems } = await openPage(`/carte#accident=${INJECTED_ACCIDENT}`);
    const address = page.locator(".leaflet-popup .accident-popup .adr");
    await address.waitFor({ timeout: 15_000 });

    assert.equal(await address.innerText(), INJECTED_ADDRESS);
    // The BAAC row: 30 December 2021 at 17:45, New Caledonia time.
    const popup = await page.locator(".leaflet-popup .accident-popup").innerText();
    assert.match(popup, /jeudi 30 décembre 2021, 17:45/);
    assert.equal(await page.locator(".leaflet-popup img").count(), 0);
    // The table under the map shows the address too.
    assert.equal(await page.locator("table img").count(), 0);
    await page.waitForTimeout(500);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });
});

describe("risk map", () => {
  test("browser scores match gold.risk_grid", async () => {
    const { page, problems } = await openPage("/risque");
    const check = page.locator("[data-testid=score-check]");
    await check.waitFor();

    // risk.json carries five points of gold.risk_grid; all are scored again in the browser.
    assert.equal(await check.getAttribute("data-checked"), "5");
    assert.equal(await check.getAttribute("data-mismatches"), "0");
    assert.match(await check.innerText(), /reproduisent ceux de gold\.risk_grid/);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  test("responds to the hour slider", async () => {
    const { page, problems } = await openPage("/risque");
    const map = page.locator(".risk-map");
    await map.waitFor();

    const slider = page.getByLabel("Heure", { exact: true }).first();
    await slider.fill("3");
    await page.waitForSelector(".risk-map[data-hour='3']");
    const night = await page.locator("[data-testid=top-points]").innerText();

    await slider.fill("17");
    await page.waitForSelector(".risk-map[data-hour='17']");
    const evening = await page.locator("[data-testid=top-points]").innerText();

    assert.notEqual(evening, night);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });
});

describe("exports", () => {
  for (const { path, name } of SITE_PAGES) {
    test(`${name} buttons yield valid files`, async () => {
      const { page } = await openPage(path);
      const buttons = page.locator(".export-bar button");
      // Cells fed by inputs (the risk map's top 10) render a moment after the page settles.
      await buttons.first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState("networkidle");
      const count = await buttons.count();
      assert.ok(count > 0, `no export button on ${path}`);

      for (let i = 0; i < count; i++) {
        const button = buttons.nth(i);
        const format = await button.getAttribute("data-format");
        // The failure message names the export, so a missing download points at one button.
        const exportName = await button.evaluate(
          (el) => el.closest("[data-export]")?.getAttribute("data-export"));
        // TODO(flaky PNG export): about one PNG click in a hundred gives no download under load,
        // for a reason not yet found. A second click is allowed until the cause is fixed.
        let download: Download | undefined;
        for (let attempt = 1; !download; attempt++) {
          [download] = await Promise.all([
            page.waitForEvent("download", { timeout: 15_000 }).catch((error: Error) => {
              if (attempt < 2) return undefined;
              throw new Error(`${path}: no download from ${exportName} ${format} after ` +
                `${attempt} clicks: ${error.message}`);
            }),
            button.click(),
          ]);
        }
        const body = readFileSync(await download.path());
        const file = download.suggestedFilename();

        assert.ok(file.endsWith(`.${format}`), `${file} should end with .${format}`);
        if (format === "png") {
          assert.deepEqual([...body.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], file);
        } else if (format === "svg") {
          const text = body.toString("utf-8");
          assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, file);
          const parsed = await page.evaluate((svg) => {
            const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
            return doc.querySelector("parsererror") === null;
          }, text);
          assert.ok(parsed, `${file} is not well-formed SVG`);
        } else {
          const lines = body.toString("utf-8").trim().split("\n");
          assert.ok(lines.length >= 2, `${file} has no data row`);
          assert.ok(lines[0].includes(","), `${file} header has one column only: ${lines[0]}`);
        }
      }
      await page.close();
    });
  }
});

async function currentSnapshot(): Promise<number> {
  const lake = await openLake(readLakeSettings({ ...process.env, ...lakeEnv }));
  try {
    return await lake.currentSnapshot();
  } finally {
    await lake.close();
  }
}

describe("rebuild", () => {
  test("unchanged inputs materialise nothing", async () => {
    const before = await currentSnapshot();
    const output = mkdtempSync(join(tmpdir(), "site-rebuild-"));
    const result = spawnSync("npm", ["run", "build"], {
      cwd: repoRoot,
      env: { ...process.env, ...lakeEnv, SITE_OUTPUT_DIR: join(output, "dist") },
      encoding: "utf-8",
      maxBuffer: 64 * 1024 * 1024,
    });
    rmSync(output, { recursive: true, force: true });

    assert.equal(result.status, 0, result.stderr.slice(-3000));
    assert.match(result.stdout, /Every asset is fresh; nothing committed\./);
    assert.equal(await currentSnapshot(), before);
  });
});

describe("built files", () => {
  test("reference no CDN", () => {
    const cdn = /cdn\.jsdelivr\.net|unpkg\.com|esm\.sh|cdnjs|skypack|fonts\.googleapis|gstatic/;
    const offenders = listFiles(dist).filter((file) => {
      if (!/\.(html|js|css|json)$/.test(file)) return false;
      return cdn.test(readFileSync(file, "utf-8"));
    });
    assert.deepEqual(offenders, []);
  });
});
