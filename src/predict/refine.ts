import { ChatAdapter } from "../adapters/chat-adapter.js";
import { Module } from "../primitives/module.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { Prediction } from "../primitives/prediction.js";
import { isPlainObject } from "../utils/plain-object.js";
import type { BestOfNOptions } from "./best-of-n.js";
import { callModule } from "./call-module.js";
import type { CallableModule, ModuleCallOptions } from "./callable-module.js";
import { HINT_FIELD, hintAdapter } from "./hint-adapter.js";
import { setLM } from "./module-lm.js";
import { OFFER_FEEDBACK } from "./offer-feedback.js";
import { Predict } from "./predict.js";
import { feedbackInputs } from "./refine-feedback.js";
import { rolloutLM } from "./rollout-lm.js";
import { errorText, extendTrace, type RewardFn, rolloutBase, scoredAttempt } from "./scored-attempt.js";
import { context, settings, type TraceEntry } from "./settings.js";

/** Options for {@link Refine}. */
export interface RefineOptions<Output extends Prediction = Prediction>
  extends Omit<BestOfNOptions<Output>, "threshold"> {
  /** The first attempt whose reward reaches this is returned at once; `null` never stops early. */
  threshold: number | null;
  /**
   * The program's source shown to the feedback LM (DSPy: `inspect.getsource` of the module's
   * class). Default: the module class's JavaScript source.
   */
  moduleCode?: string;
  /** The reward function's source shown to the feedback LM. Default: `rewardFn.toString()`. */
  rewardCode?: string;
}

/**
 * DSPy's `Refine`: BestOfN with feedback. Runs the module up to `N` times (each attempt on a copy
 * whose LM is `lm.copy(rollout_id=start+i, temperature=1.0)`); after an attempt that misses the
 * threshold (except the last) it asks the ambient LM, with DSPy's `OfferFeedback` signature, for
 * per-module advice, and later attempts see that advice as an extra input `hint_` on every
 * predictor call. Returns the first prediction reaching the threshold, else the best one, or
 * `null` when every attempt failed. `failCount` behaves as in {@link BestOfN}.
 *
 * @example
 * const qa = new ChainOfThought("question -> answer");
 * const oneWord = (_: unknown, p: Prediction) => (String(p.get("answer")).split(" ").length === 1 ? 1 : 0);
 * const refine = new Refine({ module: qa, N: 3, rewardFn: oneWord, threshold: 1 });
 * (await refine.call({ question: "What is the capital of Belgium?" }))?.get("answer"); // "Brussels"
 */
export class Refine<Output extends Prediction = Prediction> extends Module {
  readonly module: CallableModule<Record<string, unknown>, Output>;
  readonly N: number;
  readonly threshold: number | null;
  /** Failures still tolerated; DSPy's instance-level `fail_count`, decremented on every failure. */
  failCount: number;
  readonly rewardFn: RewardFn;
  readonly log: (message: string) => void;
  readonly moduleCode: string;
  readonly rewardCode: string;

  constructor(options: RefineOptions<Output>) {
    super();
    this.module = options.module;
    this.N = options.N;
    this.threshold = options.threshold;
    this.failCount = options.failCount || options.N;
    this.rewardFn = options.rewardFn;
    this.log = options.log ?? ((message) => console.log(message));
    this.moduleCode = options.moduleCode ?? options.module.constructor.toString();
    this.rewardCode = options.rewardCode ?? options.rewardFn.toString();
  }

  /**
   * Runs the attempts (and feedback calls) for one set of inputs.
   *
   * @example
   * const prediction = await refine.call({ question }, { signal: AbortSignal.timeout(120_000) });
   */
  call(inputs: Record<string, unknown>, options?: ModuleCallOptions): Promise<Output | null> {
    return callModule(this, { ...inputs }, () => this.forward(inputs, options));
  }

  /**
   * DSPy's `forward`: the call itself, without the module instrumentation `call` adds (public
   * because module copies are made without the constructor).
   */
  async forward(inputs: Record<string, unknown>, options?: ModuleCallOptions): Promise<Output | null> {
    const { lm, start } = rolloutBase(this.module);
    const adapter = settings().adapter ?? new ChatAdapter();
    let best: { prediction: Output | null; trace: TraceEntry[] | undefined; reward: number } = {
      prediction: null,
      trace: undefined,
      reward: Number.NEGATIVE_INFINITY,
    };
    let advice: unknown;
    for (let index = 0; index < this.N; index++) {
      const rolloutId = start + index;
      const attempt = deepcopyModule(this.module);
      setLM(attempt, rolloutLM(lm, rolloutId));
      const named = attempt.namedPredictors();
      const predictorNames = new Map<unknown, string>(named.map(([name, predictor]) => [predictor, name]));
      const signatureNames = new Map<unknown, string>(named.map(([name, predictor]) => [signatureOf(predictor), name]));
      try {
        const current = advice;
        const hint = (signature: unknown) => hintFrom(current, signatureNames.get(signature));
        const hinted = isPlainObject(current) && Object.keys(current).length > 0;
        const run = () => attempt.call({ ...inputs }, options);
        const scored = await scoredAttempt(
          hinted ? () => context({ adapter: hintAdapter(adapter, hint) }, run) : run,
          inputs,
          this.rewardFn,
        );
        // DSPy's wrapper writes the hint into the very inputs dict its Predict then records, so
        // the hint shows in the trace (and in the next feedback's trajectory); ours copies it in.
        const trace = hinted
          ? scored.trace.map((entry) => withHint(entry, hint(signatureOf(entry.predictor))))
          : scored.trace;
        if (scored.reward > best.reward)
          best = { prediction: scored.prediction as Output, trace, reward: scored.reward };
        if (this.threshold !== null && scored.reward >= this.threshold) break;
        if (index === this.N - 1) break;
        const feedback = feedbackInputs({
          programCode: this.moduleCode,
          rewardCode: this.rewardCode,
          program: attempt,
          predictorNames,
          inputs,
          trace,
          outputs: scored.prediction,
          threshold: this.threshold,
          reward: scored.reward,
        });
        // The feedback call uses the ambient LM, adapter and trace, not the attempt's.
        const answer = await new Predict(OFFER_FEEDBACK).call(feedback, { signal: options?.signal });
        advice = answer.get("advice");
      } catch (error) {
        // A cancelled call is not a failed attempt.
        if (options?.signal?.aborted) throw error;
        this.log(`Refine: Attempt failed with rollout id ${rolloutId}: ${errorText(error)}`);
        if (index > this.failCount) throw error;
        this.failCount -= 1;
      }
    }
    extendTrace(best.trace);
    return best.prediction;
  }
}

function signatureOf(predictor: unknown): unknown {
  return (predictor as { signature?: unknown } | null)?.signature;
}

// DSPy: `advice.get(signature2name.get(signature), "N/A")`.
function hintFrom(advice: unknown, name: string | undefined): unknown {
  if (name === undefined || !isPlainObject(advice) || !Object.hasOwn(advice, name)) return "N/A";
  return advice[name];
}

function withHint(entry: TraceEntry, hint: unknown): TraceEntry {
  return { ...entry, inputs: { ...entry.inputs, [HINT_FIELD]: hint } };
}
