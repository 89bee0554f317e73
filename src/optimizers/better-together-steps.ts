import { DSPyError } from "../errors/dspy-error.js";
import type { RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import type { Program } from "./program.js";

/** Any optimizer a chain can run: DSPy's `compile(student, **kwargs)` with a run context. */
export interface ChainableOptimizer {
  compile(student: Program, options: never, context?: RunContext): Promise<Program>;
}

/** Which of BetterTogether's standard arguments an optimizer's `compile` takes. */
const ACCEPTED: Record<string, readonly string[]> = {
  COPRO: ["trainset"],
  SIMBA: ["trainset"],
  LabeledFewShot: ["trainset"],
  BootstrapFewShot: ["trainset", "teacher"],
  KNNFewShot: [],
};
const DEFAULT_ACCEPTED = ["trainset", "teacher", "valset"];

/**
 * DSPy's argument filtering: `trainset`, `teacher` and `valset` (then the step's own compile
 * arguments) are passed only when the optimizer's `compile` takes them. JavaScript cannot
 * inspect a signature, so the built-in optimizers are listed by class name; any other gets all three.
 *
 * @example
 * stepCompileOptions(new COPRO({ metric }), { trainset, valset }, {}); // { trainset }
 */
export function stepCompileOptions(
  optimizer: object,
  standard: { trainset: readonly Example[]; teacher?: Program | undefined; valset?: readonly Example[] | undefined },
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const accepted = ACCEPTED[optimizer.constructor.name] ?? DEFAULT_ACCEPTED;
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(standard)) {
    if (accepted.includes(key) && value !== undefined) options[key] = value;
  }
  return { ...options, ...extra };
}

/**
 * `_prepare_strategy`: the strategy split on `" -> "`, every step a known optimizer key.
 *
 * @example
 * parseStrategy("p -> w -> p", ["p", "w"]); // ["p", "w", "p"]
 */
export function parseStrategy(strategy: string, keys: readonly string[]): string[] {
  if (!strategy.trim()) throw new DSPyError("strategy cannot be empty", { code: "value_error" });
  const steps = strategy.split(" -> ");
  const invalid = steps.filter((step) => !keys.includes(step));
  if (invalid.length > 0) {
    throw new DSPyError(
      `Strategy contains invalid optimizer keys: ${pyList(invalid)}. Valid keys are: ${pyList(keys)}`,
      { code: "value_error" },
    );
  }
  return steps;
}

/**
 * `_prepare_trainset_and_valset`: a given valset is used as is; otherwise the *first*
 * `int(valsetRatio * n)` training examples become the valset (none when the ratio is 0).
 *
 * @example
 * splitTrainset(examples, undefined, 0.1); // { trainset: examples.slice(1), valset: examples.slice(0, 1) } for 10
 */
export function splitTrainset(
  trainset: readonly Example[],
  valset: readonly Example[] | undefined,
  valsetRatio: number,
): { trainset: Example[]; valset: Example[] | undefined } {
  if (trainset.length === 0) throw new DSPyError("trainset cannot be empty", { code: "value_error" });
  if (!(valsetRatio >= 0 && valsetRatio < 1)) {
    throw new DSPyError(`valset_ratio must be in range [0, 1), got ${valsetRatio}`, { code: "value_error" });
  }
  if (valset && valset.length > 0) return { trainset: [...trainset], valset: [...valset] };
  if (valsetRatio === 0) return { trainset: [...trainset], valset: undefined };
  const count = Math.trunc(valsetRatio * trainset.length);
  return { trainset: trainset.slice(count), valset: trainset.slice(0, count) };
}

function pyList(items: readonly string[]): string {
  return `[${items.map((item) => `'${item}'`).join(", ")}]`;
}
