// Writes the stylesheet of Observable Inputs. Framework adds it only to pages that import
// `npm:@observablehq/inputs`, but these pages import the package from node_modules. So the
// stylesheet is taken from the installed Framework, and its `__ns__` placeholder is replaced by
// the class prefix that the installed @observablehq/inputs puts on its forms.
import { readFileSync } from "node:fs";
import { join } from "node:path";

// Framework runs loaders from the project root.
const framework = join("node_modules", "@observablehq", "framework");
const css = readFileSync(join(framework, "dist", "client", "stdlib", "inputs.css"), "utf-8");

const inputsBundle = join("node_modules", "@observablehq/inputs/dist/index.js");
const prefix = /\binputs-[0-9a-f]{6}\b/.exec(readFileSync(inputsBundle, "utf-8"))?.[0];
if (!prefix) {
  throw new Error(`No class prefix such as inputs-3a86ea found in ${inputsBundle}: ` +
    "check the installed @observablehq/inputs version.");
}
process.stdout.write(css.replace(/\b__ns__\b/g, prefix));
