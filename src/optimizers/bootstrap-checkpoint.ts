import { createHash } from "node:crypto";
import { Example } from "../primitives/example.js";
import { isPlainObject } from "../utils/plain-object.js";

/**
 * Where a BootstrapFewShot run stands after a trainset example: enough to continue after a crash
 * with exactly the result an uninterrupted run would have reached. Saved as JSON.
 */
export interface BootstrapProgress {
  /** Identifies the run (trainset and settings), so a checkpoint of another run is never used. */
  fingerprint: string;
  /** Index of the next trainset example to visit. */
  next: number;
  /** Indices of the examples whose trace was accepted, in order. */
  bootstrapped: number[];
  /** Teacher runs so far (each round of each example counts). */
  attempts: number;
  /** The optimizer's error count (DSPy counts errors per optimizer, towards `maxErrors`). */
  errorCount: number;
  /** Indices of the examples whose teacher run threw, which stay hidden from the teacher's demos. */
  teacherFailures: number[];
  /** Accepted demos per predictor name, in order. */
  traces: Record<string, Record<string, unknown>[]>;
}

/**
 * The fingerprint of a bootstrap run: the trainset's fields and the settings that change which
 * examples are visited.
 *
 * @example
 * bootstrapFingerprint(trainset, { maxBootstrappedDemos: 4, maxRounds: 1 });
 */
export function bootstrapFingerprint(trainset: readonly Example[], settings: Record<string, unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify({ trainset: trainset.map((example) => example.toDict()), settings }))
    .digest("hex");
}

/**
 * The saved progress as JSON-ready data.
 *
 * @example
 * await context.checkpoint("bootstrap", saveProgress(progress, name2traces));
 */
export function saveProgress(
  progress: Omit<BootstrapProgress, "traces">,
  traces: ReadonlyMap<string, readonly Example[]>,
): BootstrapProgress {
  const saved: Record<string, Record<string, unknown>[]> = {};
  for (const [name, demos] of traces) saved[name] = demos.map((demo) => demo.toDict());
  return {
    ...progress,
    bootstrapped: [...progress.bootstrapped],
    teacherFailures: [...progress.teacherFailures],
    traces: saved,
  };
}

/**
 * Reads a checkpoint back, or `undefined` when it is missing, malformed, or from another run
 * (another fingerprint or other predictor names) — the run then starts over, which is always
 * correct, just slower.
 *
 * @example
 * const progress = loadProgress(await context.restore("bootstrap"), fingerprint, ["predict"]);
 */
export function loadProgress(
  value: unknown,
  fingerprint: string,
  names: readonly string[],
): { progress: BootstrapProgress; traces: Map<string, Example[]> } | undefined {
  if (!isPlainObject(value) || value.fingerprint !== fingerprint) return undefined;
  const { next, bootstrapped, attempts, errorCount, traces } = value;
  // Checkpoints written before teacher failures were recorded have none.
  const teacherFailures = value.teacherFailures ?? [];
  if (![next, attempts, errorCount].every(Number.isInteger)) return undefined;
  if (!Array.isArray(bootstrapped) || !bootstrapped.every(Number.isInteger) || !isPlainObject(traces)) return undefined;
  if (!Array.isArray(teacherFailures) || !teacherFailures.every(Number.isInteger)) return undefined;
  const restored = new Map<string, Example[]>();
  for (const name of names) {
    const demos = traces[name];
    if (!Array.isArray(demos) || !demos.every(isPlainObject)) return undefined;
    restored.set(
      name,
      demos.map((demo) => new Example(demo)),
    );
  }
  return { progress: { ...(value as unknown as BootstrapProgress), teacherFailures }, traces: restored };
}
