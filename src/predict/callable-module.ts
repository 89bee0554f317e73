import type { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";

/** Options every callable module accepts (`Predict.call` accepts more). */
export interface ModuleCallOptions {
  /** Aborts the module's LM calls. */
  signal?: AbortSignal | undefined;
}

/**
 * A module that can be called on keyword inputs — what DSPy's `module(**kwargs)` is. `Predict`,
 * `ChainOfThought`, and user modules with a `call` method fit; BestOfN, Refine and Parallel run
 * these.
 *
 * @example
 * class QA extends Module {
 *   answer = new ChainOfThought("question -> answer");
 *   call(inputs: { question: string }, options?: ModuleCallOptions) { return this.answer.call(inputs, options); }
 * }
 */
export type CallableModule<
  Inputs extends Record<string, unknown> = Record<string, unknown>,
  Output extends Prediction = Prediction,
> = Module & {
  call(inputs: Inputs, options?: ModuleCallOptions): Promise<Output>;
};
