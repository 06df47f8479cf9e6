// A separate process working on a lake, for the concurrency and crash tests. The settings come
// as JSON in LAKE_SETTINGS; every finished step prints one line the parent parses.
import { openLake } from "../../../pipeline/lake/index.ts";
import type { LakeSettings } from "../../../pipeline/config.ts";

const settings = JSON.parse(process.env.LAKE_SETTINGS ?? "{}") as LakeSettings;
const [mode, writer, countText, rowsText] = process.argv.slice(2);
const count = Number(countText);
const rows = Number(rowsText ?? 0);

const lake = await openLake(settings);
console.log("READY");

if (mode === "append") {
  // One event row per commit: (writer, i). A lost update would lose a row.
  for (let i = 0; i < count; i++) {
    const result = await lake.append("main.events", `SELECT '${writer}' AS writer, ${i} AS i`);
    console.log(`COMMITTED ${result.snapshotId}`);
  }
} else if (mode === "replace") {
  // Each generation: `rows` rows all tagged with the writer and the round.
  for (let i = 0; i < count; i++) {
    const result = await lake.createOrReplace("main.generation",
      `SELECT '${writer}-${i}' AS tag, range AS id FROM range(${rows})`);
    console.log(`COMMITTED ${result.snapshotId} ${writer}-${i}`);
  }
} else if (mode === "lock") {
  // Holds the lock `count` times for 200 ms each, printing when each hold starts and ends.
  for (let i = 0; i < count; i++) {
    await lake.withLock("pipeline", writer, async () => {
      console.log(`START ${writer} ${Date.now()}`);
      await new Promise((done) => setTimeout(done, 200));
      console.log(`END ${writer} ${Date.now()}`);
    }, 60_000);
  }
} else if (mode === "read") {
  for (let i = 0; i < count; i++) {
    const view = await lake.read("main.events", { as: "events" });
    const [{ n }] = await lake.query<{ n: number }>(`SELECT count(*) AS n FROM ${view}`);
    console.log(`READ ${n}`);
  }
} else if (mode === "crash") {
  // Commits until killed; prints what each committed snapshot must contain. Rounds start at
  // 1000 × the worker's number, so no two workers tag rows alike.
  for (let round = Number(writer) * 1000; ; round++) {
    const n = 500 + Math.floor(Math.random() * 20_000);
    if (round % 2 === 0) {
      const result = await lake.createOrReplace("main.replaced",
        `SELECT range AS id, ${round} AS round FROM range(${n})`);
      console.log(`COMMITTED ${result.snapshotId} replaced ${n} ${round}`);
    } else {
      const result = await lake.append("main.appended",
        `SELECT range AS id, ${round} AS round FROM range(${n})`);
      console.log(`COMMITTED ${result.snapshotId} appended ${n} ${round}`);
    }
  }
} else {
  throw new Error(`Unknown mode ${mode}: expected append, replace, read or crash.`);
}
await lake.close();
console.log("DONE");
