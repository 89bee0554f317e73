import type { Adapter } from "../adapters/adapter.js";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import type { Demo } from "../adapters/message.js";
import { DSPyError } from "../errors/dspy-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import { Example } from "../primitives/example.js";
import { Module, type Parameter, type PredictorState } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { Signature, type SignatureState } from "../signatures/signature.js";
import { callModule } from "./call-module.js";
import { settings } from "./settings.js";
import { adapterCall } from "./streamed-adapter-call.js";

/** Per-call overrides for {@link Predict.call}. */
export interface PredictCallOptions {
  /** LM parameters for this call, merged over the predictor's config. */
  config?: Record<string, unknown>;
  /** Demos for this call; replaces the stored ones. */
  demos?: readonly (Demo | Example)[];
  /** LM for this call. */
  lm?: BaseLM;
  /** Signature for this call. */
  signature?: Signature;
  /** Aborts the LM request. */
  signal?: AbortSignal;
}

/**
 * DSPy's `Predict`: one LM call for a signature — format with the adapter, call the LM, parse.
 * Demos, config and the LM can be set per predictor; the settings context supplies the rest.
 *
 * @example
 * const qa = new Predict("question -> answer");
 * const prediction = await context({ lm }, () => qa.call({ question: "What is 2+2?" }));
 * prediction.get("answer");
 */
export class Predict<
    Inputs extends Record<string, unknown> = Record<string, unknown>,
    Outputs extends Record<string, unknown> = Record<string, unknown>,
  >
  extends Module
  implements Parameter
{
  readonly isPredictor = true;
  signature: Signature<Inputs, Outputs>;
  /** Default LM parameters for every call (DSPy's `**config`). */
  config: Record<string, unknown>;
  demos: (Demo | Example)[] = [];
  lm: BaseLM | undefined;
  traces: unknown[] = [];
  train: unknown[] = [];

  constructor(signature: string | Signature<Inputs, Outputs>, config: Record<string, unknown> = {}) {
    super();
    this.signature =
      typeof signature === "string" ? (new Signature(signature) as Signature<Inputs, Outputs>) : signature;
    this.config = { ...config };
  }

  /**
   * Runs the predictor on keyword inputs, as a module call (callbacks, module history, usage
   * tracking: see {@link callModule}).
   *
   * @example
   * await new Predict("q -> a").call({ q: "hi" }, { config: { temperature: 0 } });
   */
  call(
    inputs: Partial<Inputs> & Record<string, unknown>,
    options: PredictCallOptions = {},
  ): Promise<Prediction<Outputs>> {
    // DSPy's kwargs hold the inputs and any per-call config/demos/lm/signature.
    const kwargs: Record<string, unknown> = { ...inputs };
    for (const key of ["config", "demos", "lm", "signature"] as const) {
      if (options[key] !== undefined) kwargs[key] = options[key];
    }
    return callModule(this, kwargs, () => this.forward(inputs, options));
  }

  /**
   * DSPy's `forward`: the call itself, without the module instrumentation `call` adds. Not
   * `#private`, because module copies (`deepcopyModule`) are made without the constructor.
   *
   * @example
   * await predict.forward({ q: "hi" }, {}); // no callbacks, no module history
   */
  async forward(
    inputs: Partial<Inputs> & Record<string, unknown>,
    options: PredictCallOptions,
  ): Promise<Prediction<Outputs>> {
    const signature = options.signature ?? this.signature;
    const lm = options.lm ?? this.lm ?? settings().lm;
    if (!lm) {
      throw new DSPyError(
        "No LM is loaded. Please configure the LM using `dspy.configure(lm=dspy.LM(...))`. e.g, `dspy.configure(lm=dspy.LM('openai/gpt-4o-mini'))`",
        { code: "no_lm" },
      );
    }
    const config = { ...this.config, ...options.config };
    // DSPy's rule: several samples at (near-)zero temperature would all be identical.
    const temperature = (config.temperature || lm.kwargs.temperature) as number | undefined;
    const n = (config.n || lm.kwargs.n || lm.kwargs.num_generations || 1) as number;
    if ((temperature === undefined || temperature === null || temperature <= 0.15) && n > 1) config.temperature = 0.7;
    const demos = (options.demos ?? this.demos).map((demo) => (demo instanceof Example ? demo.toDict() : demo));
    const adapter: Adapter = settings().adapter ?? new ChatAdapter();
    // Inside `streamify`, a listened predictor's LM call streams (see adapterCall).
    const completions = await adapterCall(this, adapter, {
      lm,
      config,
      signature,
      demos,
      inputs,
      signal: options.signal,
    });
    const prediction = Prediction.fromCompletions(completions) as Prediction<Outputs>;
    const trace = settings().trace;
    if (trace && settings().maxTraceSize > 0) {
      if (trace.length >= settings().maxTraceSize) trace.shift();
      trace.push({ predictor: this, inputs: { ...inputs }, prediction });
    }
    return prediction;
  }

  /** Clears learned state: LM, traces, training data and demos. */
  override reset(): void {
    this.lm = undefined;
    this.traces = [];
    this.train = [];
    this.demos = [];
  }

  /**
   * DSPy's saved layout: `traces`, `train`, `demos`, `signature`, `lm` (API keys never saved).
   *
   * @example
   * JSON.stringify(new Predict("q -> a").dumpState());
   */
  override dumpState(): PredictorState {
    return {
      traces: this.traces,
      train: this.train,
      demos: this.demos.map((demo) => (demo instanceof Example ? demo.toDict() : { ...demo })),
      signature: this.signature.dumpState(),
      lm: null,
    };
  }

  override loadState(state: PredictorState): this {
    if (!state || typeof state !== "object" || !state.signature) {
      throw new DSPyError("Saved predictor state is missing its 'signature' field.", { code: "invalid_state" });
    }
    this.signature = this.signature.loadState(state.signature as SignatureState);
    this.demos = Array.isArray(state.demos) ? (state.demos as Demo[]) : [];
    this.traces = Array.isArray(state.traces) ? state.traces : [];
    this.train = Array.isArray(state.train) ? state.train : [];
    return this;
  }
}
