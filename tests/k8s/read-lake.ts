// A second process reading the lake while a build writes it, as a user with the duckdb CLI or a
// site loader would. Every 500 ms it reads each table at the current snapshot and prints one JSON
// line: {"snapshot": 12, "counts": {"bronze.lieux": 602}}, or {"error": "..."}. It stops after
// the line that follows SIGTERM. Settings come from the environment, as for the pipeline.
import { openLake } from "../../pipeline/lake/index.ts";

let stopping = false;
process.on("SIGTERM", () => (stopping = true));

function print(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const lake = await openLake();
try {
  for (;;) {
    const last = stopping;
    try {
      const snapshot = await lake.currentSnapshot();
      const counts: Record<string, number> = {};
      for (const { table } of await lake.tables({ snapshot })) {
        const view = await lake.read(table, { snapshot });
        const [row] = await lake.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${view}`);
        counts[table] = row.n;
      }
      print({ snapshot, counts });
    } catch (error) {
      print({ error: error instanceof Error ? error.message : String(error) });
    }
    if (last) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
} finally {
  await lake.close();
}
