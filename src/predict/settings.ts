import { AsyncLocalStorage } from "node:async_hooks";
import type { Adapter } from "../adapters/adapter.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { Prediction } from "../primitives/prediction.js";

/** One recorded predictor call: which predictor, its inputs, its prediction. */
export interface TraceEntry {
  predictor: unknown;
  inputs: Record<string, unknown>;
  prediction: Prediction;
}

/** DSPy's settings: the LM and adapter used when a module has none of its own, and tracing. */
export interface Settings {
  lm?: BaseLM | undefined;
  adapter?: Adapter | undefined;
  /** When set, predictor calls are appended here (optimizers read it). */
  trace?: TraceEntry[] | undefined;
  maxTraceSize: number;
}

const DEFAULTS: Settings = Object.freeze({ maxTraceSize: 10_000 });

// Settings live in the async context, never in a module-level variable: concurrent jobs with
// different LMs cannot see each other's configuration.
const storage = new AsyncLocalStorage<Settings>();

/**
 * The settings in effect for the current async context.
 *
 * @example
 * settings().lm?.model;
 */
export function settings(): Settings {
  return storage.getStore() ?? DEFAULTS;
}

/**
 * Sets settings for the rest of the current async context (DSPy's `dspy.configure`).
 *
 * @example
 * configure({ lm: new LM("openai/gpt-4o-mini") });
 */
export function configure(overrides: Partial<Settings>): void {
  storage.enterWith({ ...settings(), ...overrides });
}

/**
 * Runs `fn` with settings overridden only inside it (DSPy's `with dspy.context(...)`).
 *
 * @example
 * await context({ lm: cheapLM }, () => program.call({ question }));
 */
export function context<T>(overrides: Partial<Settings>, fn: () => T): T {
  return storage.run({ ...settings(), ...overrides }, fn);
}
