// Writes the stylesheet of Observable Inputs. Framework adds it only to pages that import
// `npm:@observablehq/inputs`; these pages import the package from node_modules instead, so the
// stylesheet is taken from the installed Framework and its `__ns__` placeholder is filled in with
// the class prefix that @observablehq/inputs 0.12 uses.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const frameworkEntry = require.resolve("@observablehq/framework/package.json");
const stylesheet = new URL("dist/client/stdlib/inputs.css", `file://${frameworkEntry}`);

const css = readFileSync(stylesheet, "utf-8").replace(/\b__ns__\b/g, "inputs-3a86ea");
process.stdout.write(css);
