// Bundles the browser-safe TypeScript modules of the pipeline for the site.
import { build } from "esbuild";

const result = await build({
  stdin: { contents: 'export * from "./pipeline/features/time.ts";', resolveDir: process.cwd(), loader: "ts" },
  bundle: true, format: "esm", platform: "browser", write: false,
});
process.stdout.write(result.outputFiles[0].text);
