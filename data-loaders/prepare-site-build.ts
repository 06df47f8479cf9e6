// Prepares `observable build` to run offline with fresh data; `npm run build` runs it first.
//
// 1. Clears the cached loader output (every cache folder but Framework's own `_…` ones), because
//    Framework reruns a loader only when the loader's own file changes. The loaders then run
//    again and materialise only stale assets.
// 2. Seeds Framework's npm version cache. Framework 1.13's client runtime contains lazy
//    `import("npm:…")` calls for its recommended libraries (lodash, arquero, react-dom…). The
//    build resolves the version of each one against registry.npmjs.org unless a folder
//    `_npm/<name>@<version>` already exists in the cache. The pages here import packages from
//    node_modules only, so these paths are never loaded. A package installed in node_modules
//    gets its installed version. Any other gets `0.0.0-not-bundled`, a path that 404s if a page
//    ever used it, and the browser tests fail on any failed request.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const cacheDir = join("src", ".observablehq", "cache");
const placeholderVersion = "0.0.0-not-bundled";

const require = createRequire(join(process.cwd(), "package.json"));

function listScripts(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return listScripts(path);
    return path.endsWith(".js") ? [path] : [];
  });
}

/** Returns the package names of every `"npm:…"` literal in Framework's client runtime. */
function findClientNpmPackages(): Set<string> {
  const framework = dirname(require.resolve("@observablehq/framework/package.json"));
  const names = new Set<string>();
  for (const script of listScripts(join(framework, "dist", "client"))) {
    for (const match of readFileSync(script, "utf-8").matchAll(/["'`]npm:([^"'`]+)["'`]/g)) {
      const parts = match[1].split("/");
      names.add(parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
    }
  }
  return names;
}

function installedVersion(name: string): string | undefined {
  // Read the manifest by path: exports maps (d3, htl, Plot) hide `name/package.json`.
  const manifestPath = join("node_modules", name, "package.json");
  if (!existsSync(manifestPath)) return undefined;

  const manifest = JSON.parse(readFileSync(manifestPath, "utf-8"));
  return typeof manifest.version === "string" ? manifest.version : undefined;
}

function seedNpmVersionCache(): number {
  const packageCache = join(cacheDir, "_npm");
  let seeded = 0;
  for (const name of findClientNpmPackages()) {
    // A scoped package lives in `_npm/@scope/name@version`.
    const parent = join(packageCache, ...name.split("/").slice(0, -1));
    const baseName = name.split("/").at(-1) ?? name;
    const cached = existsSync(parent) ? readdirSync(parent) : [];
    if (cached.some((entry) => entry.startsWith(`${baseName}@`))) continue;

    const version = installedVersion(name) ?? placeholderVersion;
    mkdirSync(join(packageCache, `${name}@${version}`), { recursive: true });
    seeded += 1;
  }
  return seeded;
}

function clearLoaderOutput(): void {
  if (!existsSync(cacheDir)) return;
  for (const entry of readdirSync(cacheDir)) {
    // `_node`, `_npm`, `_observablehq`…: bundles of packages and of Framework's client.
    if (!entry.startsWith("_")) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
}

clearLoaderOutput();
const seeded = seedNpmVersionCache();
console.log(`site: cleared cached loader output, pinned ${seeded} npm versions for the runtime`);
