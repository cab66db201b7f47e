// What every benchmark script shares as a command: its options and how it ends.

/** `--name value` from the command line, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Runs a benchmark's main and exits: 0 when it printed its figures, 1 with the stack when it failed. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(() => process.exit(0), (err) => {
    process.stderr.write(`${name} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

/** Runs `fn` over `items`, `n` at a time (as many HR events in flight as a sender keeps). */
export async function inParallel<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}
