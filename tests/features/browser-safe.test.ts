import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../support/shared.ts";

// The site scores points in the browser with these modules, so they may import only each other.
describe("pipeline/features", () => {
  const folder = join(repoRoot, "pipeline", "features");
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".ts"))) {
    it(`${file} imports only sibling modules`, () => {
      const text = readFileSync(join(folder, file), "utf8");
      const sources = [...text.matchAll(/\bfrom\s+"([^"]+)"/g)].map((match) => match[1]);
      for (const source of sources) {
        assert.match(source, /^\.\/[\w-]+\.ts$/, `${file} imports ${source}`);
      }
    });
  }
});
