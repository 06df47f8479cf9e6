// `npm run bench:site` measures each page of the built site (dist/, or SITE_DIST) in headless
// Chromium on 127.0.0.1. Bytes are what the browser downloads from the site, gzipped as a static
// host serves text ("MB unzipped" adds up the files' sizes). Tile requests are aborted, as
// offline, and not counted. First render is the time from navigation until Framework has
// rendered every cell. Each page loads in a fresh browser context, so no HTTP cache helps.
// Goal: at most 1.5 MB and 1.5 s per page. Run `npm run build` first.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  launchChromium, serveStatic, SITE_PAGES, sitePath, waitForRender, watchPage,
} from "../tests/site/harness.ts";

const dist = process.env.SITE_DIST ?? "dist";
// Later loads reuse the OS file cache and a warm V8; the median of a few is steadier than one.
const RUNS = Number(process.env.SITE_BENCH_RUNS ?? 3);

if (!existsSync(join(dist, "index.html"))) {
  throw new Error(`${dist}/index.html not found: run \`npm run build\` first or set SITE_DIST.`);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await serveStatic(dist);
const chrome = await launchChromium(server.url);
let maxBytes = 0;
let maxSeconds = 0;
try {
  console.log("page        MB   MB unzipped   first render (s)   requests");
  for (const { path, name } of SITE_PAGES) {
    const bytes: number[] = [];
    const unzipped: number[] = [];
    const seconds: number[] = [];
    let requests = 0;
    for (let run = 0; run < RUNS; run++) {
      const context = await chrome.browser.newContext();
      await context.route("**/*", (route) =>
        route.request().url().startsWith(server.url)
          ? route.continue()
          : route.abort("internetdisconnected"));
      const page = await context.newPage();
      const problems = watchPage(page, server.url);
      let total = 0;
      let decoded = 0;
      let count = 0;
      page.on("requestfinished", async (request) => {
        if (!request.url().startsWith(server.url)) return;
        const sizes = await request.sizes();
        total += sizes.responseBodySize + sizes.responseHeadersSize;
        const file = sitePath(dist, decodeURIComponent(new URL(request.url()).pathname));
        decoded += file && existsSync(file) ? statSync(file).size : 0;
        count += 1;
      });

      const started = performance.now();
      await page.goto(`${server.url}${path}`);
      await waitForRender(page);
      seconds.push((performance.now() - started) / 1000);

      // Requests still in flight after the render (lazy data) count towards the page's bytes.
      await page.waitForLoadState("networkidle");
      bytes.push(total);
      unzipped.push(decoded);
      requests = count;
      if (problems.errors.length) console.error(`${name}: ${problems.errors.join("; ")}`);
      await context.close();
    }
    const mb = median(bytes) / 1e6;
    const s = median(seconds);
    maxBytes = Math.max(maxBytes, mb);
    maxSeconds = Math.max(maxSeconds, s);
    const raw = median(unzipped) / 1e6;
    console.log(`${name.padEnd(10)} ${mb.toFixed(3).padStart(6)}  ${raw.toFixed(3).padStart(8)}` +
      `   ${s.toFixed(3).padStart(12)}          ${requests}`);
  }
} finally {
  await chrome.close();
  await server.close();
}
console.log(
  `RESULT max_page_mb=${maxBytes.toFixed(3)} max_first_render_s=${maxSeconds.toFixed(3)}`,
);
