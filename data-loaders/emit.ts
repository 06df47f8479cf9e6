// Output of a Framework data loader.

/** Writes the loader's result to stdout. Everything else printed meanwhile (the runner's log lines,
 *  warnings) goes to stderr, since Framework stores stdout as the data file. */
export async function emitJson(produce: () => Promise<unknown>): Promise<void> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  let result: unknown;
  try {
    result = await produce();
  } finally {
    process.stdout.write = write;
  }
  write(JSON.stringify(result));
}
