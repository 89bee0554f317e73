import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";
import { callModule } from "./call-module.js";
import { Predict, type PredictCallOptions } from "./predict.js";

/**
 * DSPy's `ChainOfThought`: a `Predict` whose signature gains a `reasoning` output before the
 * others, so the LM thinks step by step first. The instructions stay as they were.
 *
 * @example
 * const cot = new ChainOfThought("question -> answer");
 * (await cot.call({ question: "Why is the sky blue?" })).get("reasoning");
 */
export class ChainOfThought<
  Inputs extends Record<string, unknown> = Record<string, unknown>,
  Outputs extends Record<string, unknown> = Record<string, unknown>,
> extends Module {
  readonly predict: Predict<Inputs, Outputs & { reasoning: string }>;

  constructor(signature: string | Signature<Inputs, Outputs>, config: Record<string, unknown> = {}) {
    super();
    const base = typeof signature === "string" ? new Signature(signature) : signature;
    const extended = base.prepend("reasoning", OutputField()) as Signature<Inputs, Outputs & { reasoning: string }>;
    this.predict = new Predict(extended, config);
  }

  /**
   * Runs the underlying predictor, as a module call (callbacks, module history, usage
   * tracking: see {@link callModule}).
   *
   * @example
   * await new ChainOfThought("question -> answer").call({ question: "Why?" });
   */
  call(
    inputs: Partial<Inputs> & Record<string, unknown>,
    options?: PredictCallOptions,
  ): Promise<Prediction<Outputs & { reasoning: string }>> {
    return callModule(this, { ...inputs }, () => this.forward(inputs, options));
  }

  /**
   * DSPy's `forward`: the call itself, without the module instrumentation `call` adds (public
   * because module copies are made without the constructor).
   */
  forward(
    inputs: Partial<Inputs> & Record<string, unknown>,
    options?: PredictCallOptions,
  ): Promise<Prediction<Outputs & { reasoning: string }>> {
    return this.predict.call(inputs, options);
  }
}
