// A static server for a built site and a headless Chromium that can reach nothing but it.
// Shared by the browser tests and `npm run bench:site`.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".csv": "text/csv; charset=utf-8",
  ".parquet": "application/octet-stream",
  ".arrow": "application/vnd.apache.arrow.file",
};

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

// Compressed when the browser accepts gzip, as static hosts do for text.
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg", ".csv"]);

/** Returns the file of `root` that serves `pathname`, as a static host maps Framework's clean
 *  URLs (`/carte` → `carte.html`), or undefined outside `root`. */
export function sitePath(root: string, pathname: string): string | undefined {
  const base = resolve(root);
  let path = normalize(join(base, pathname));
  if (!path.startsWith(base)) return undefined;
  if (pathname.endsWith("/")) path = join(path, "index.html");
  else if (!extname(path)) path += ".html";
  return path;
}

/** Serves `root` on 127.0.0.1 (a free port) the way a static host serves Framework's output:
 *  `/carte` maps to `carte.html`, `/` to `index.html`, text is gzipped. */
export async function serveStatic(root: string): Promise<SiteServer> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const path = sitePath(root, pathname);
    if (!path) {
      response.writeHead(403).end();
      return;
    }

    try {
      if (!statSync(path).isFile()) throw new Error("not a file");
      const raw = readFileSync(path);
      const gzip = COMPRESSIBLE.has(extname(path)) &&
        /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      const body = gzip ? gzipSync(raw) : raw;
      response.writeHead(200, {
        "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
        "content-length": body.length,
        ...(gzip ? { "content-encoding": "gzip" } : {}),
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end(`Not found: ${pathname}`);
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Chromium {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless with an empty profile. Requests to any origin other than
 *  `allowedOrigin` are aborted, so tile servers behave as they do offline. */
export async function launchChromium(allowedOrigin: string): Promise<Chromium> {
  try {
    statSync(CHROMIUM_PATH);
  } catch {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it ` +
      "(apt-get install chromium) " +
      `or set CHROMIUM_PATH.`);
  }
  const profile = mkdtempSync(join(tmpdir(), "site-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    // The readers' time zone (UTC+11), so pages that mix up local time and UTC show it.
    timezoneId: "Pacific/Noumea",
    locale: "fr-FR",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
    ],
  });
  await context.route("**/*", (route) => {
    if (route.request().url().startsWith(allowedOrigin)) return route.continue();
    return route.abort("internetdisconnected");
  });
  const browser = context.browser() as Browser;
  return {
    browser,
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors, uncaught exceptions, failed requests and dialogs (alert) seen on a page. */
export interface PageProblems {
  errors: string[];
  dialogs: string[];
}

/** Records what went wrong on the page, ignoring tile requests that fail by design offline. */
export function watchPage(page: Page, siteUrl: string): PageProblems {
  const problems: PageProblems = { errors: [], dialogs: [] };
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // Chromium logs each aborted tile request as a console error.
    if (message.text().includes("net::ERR_INTERNET_DISCONNECTED")) return;
    problems.errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.errors.push(`exception: ${error.message}`));
  page.on("requestfailed", (request) => {
    if (!request.url().startsWith(siteUrl)) return;
    problems.errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.url().startsWith(siteUrl) && response.status() >= 400) {
      problems.errors.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  page.on("dialog", async (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return problems;
}

/** Site pages: path and the French title each shows in its first heading. */
export const SITE_PAGES = [
  { path: "/", name: "index", heading: "Vue d'ensemble" },
  { path: "/carte", name: "carte", heading: "Carte des accidents" },
  { path: "/analyse", name: "analyse", heading: "Analyse des variables" },
  { path: "/modele", name: "modele", heading: "Modèle" },
  { path: "/risque", name: "risque", heading: "Carte de risque" },
  { path: "/pipeline", name: "pipeline", heading: "Pipeline" },
];

/** Waits until Framework has run every cell: no cell shows the loading state any more. */
export async function waitForRender(page: Page): Promise<void> {
  await page.waitForSelector("#observablehq-main h1");
  await page.waitForFunction(
    () => document.querySelectorAll(".observablehq--loading").length === 0,
  );
}
