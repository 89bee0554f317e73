import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { MetricLike } from "../evaluate/metric.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { Program } from "../optimizers/program.js";
import { InputError } from "./exit-codes.js";

/** What a program module gives the CLI. */
export interface LoadedProgram {
  program: Program;
  metric: MetricLike | undefined;
  lm: BaseLM | undefined;
  /** The program's input field names, from its first predictor's signature (if it has one). */
  inputFields: string[] | undefined;
}

/**
 * Imports a program module — a .ts or .js file exporting `program` (a module with `call`), and
 * optionally `metric` and `lm` — either as named exports or as properties of the default
 * export. Every way it can be unusable is an {@link InputError} naming the file.
 *
 * @example
 * const { program, metric } = await loadProgram("qa.ts", process.cwd());
 */
export async function loadProgram(path: string, cwd: string): Promise<LoadedProgram> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new InputError(`${path}: program module not found.`);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`${path}: could not load the program module: ${(error as Error).message ?? error}`);
  }
  const fallback = (loaded.default ?? {}) as Record<string, unknown>;
  const pick = (name: string) => loaded[name] ?? fallback[name];
  const program = pick("program");
  if (!isProgram(program)) {
    const found = Object.keys(loaded).join(", ") || "nothing";
    throw new InputError(`${path}: must export \`program\`, a DSPy module with a call() method (exports: ${found}).`);
  }
  const metric = pick("metric");
  if (
    metric !== undefined &&
    typeof metric !== "function" &&
    typeof (metric as { call?: unknown }).call !== "function"
  ) {
    throw new InputError(`${path}: \`metric\` must be a function (example, prediction) => score.`);
  }
  const lm = pick("lm");
  if (lm !== undefined && typeof (lm as { call?: unknown }).call !== "function") {
    throw new InputError(`${path}: \`lm\` must be an LM (e.g. new LM("openai/gpt-4o-mini")).`);
  }
  return {
    program,
    metric: metric as MetricLike | undefined,
    lm: lm as BaseLM | undefined,
    inputFields: inputFieldsOf(program),
  };
}

function isProgram(value: unknown): value is Program {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { call?: unknown }).call === "function" &&
    typeof (value as { namedPredictors?: unknown }).namedPredictors === "function"
  );
}

// Predict and ChainOfThought carry a signature; a custom module's first predictor speaks for it.
function inputFieldsOf(program: Program): string[] | undefined {
  const own = (program as { signature?: { inputFields?: { name: string }[] } }).signature?.inputFields;
  if (own) return own.map((field) => field.name);
  for (const [, predictor] of program.namedPredictors()) {
    const fields = (predictor as { signature?: { inputFields?: { name: string }[] } }).signature?.inputFields;
    if (fields) return fields.map((field) => field.name);
  }
  return undefined;
}
