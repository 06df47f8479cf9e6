// Starting worker.ts processes and collecting their output lines.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LakeSettings } from "../../../pipeline/config.ts";

const WORKER = join(dirname(fileURLToPath(import.meta.url)), "worker.ts");

export interface Worker {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the exit code, or the signal that ended the process. */
  exit: Promise<number | string>;
  /** Resolves when the worker prints READY (its lake is open). */
  ready: Promise<void>;
}

export function startWorker(settings: LakeSettings, args: string[]): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], {
    env: { ...process.env, LAKE_SETTINGS: JSON.stringify(settings) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((done) => (markReady = done));
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (line === "READY") markReady();
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | string>((done) => {
    child.on("exit", (code, signal) => {
      if (code !== 0 && code !== null) console.error(`worker ${args.join(" ")}: ${stderr}`);
      markReady();
      done(code ?? signal ?? "unknown");
    });
  });
  return { child, lines, exit, ready };
}
