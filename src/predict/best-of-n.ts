import { Module } from "../primitives/module.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { Prediction } from "../primitives/prediction.js";
import { callModule } from "./call-module.js";
import type { CallableModule, ModuleCallOptions } from "./callable-module.js";
import { setLM } from "./module-lm.js";
import { rolloutLM } from "./rollout-lm.js";
import { errorText, extendTrace, type RewardFn, rolloutBase, scoredAttempt } from "./scored-attempt.js";
import type { TraceEntry } from "./settings.js";

/** Options for {@link BestOfN} (and {@link Refine}). */
export interface BestOfNOptions<Output extends Prediction = Prediction> {
  /** The module to run repeatedly. */
  module: CallableModule<Record<string, unknown>, Output>;
  /** Maximum number of attempts. */
  N: number;
  /** Scores an attempt from the call's inputs and its prediction. */
  rewardFn: RewardFn;
  /** The first attempt whose reward reaches this is returned at once. */
  threshold: number;
  /**
   * Failed attempts tolerated (default `N`; `0` also means `N`, as DSPy's `fail_count or N`).
   * As in DSPy the count lives on the instance and goes down with every failure, across calls.
   */
  failCount?: number;
  /** Where failed attempts are reported (DSPy prints them); default `console.log`. */
  log?: (message: string) => void;
}

/**
 * DSPy's `BestOfN`: runs a module up to `N` times, each attempt on a copy of the module whose LM
 * is `lm.copy(rollout_id=start+i, temperature=1.0)` (so the cache is bypassed and samples
 * differ), scores each with `rewardFn`, and returns the first prediction reaching `threshold`,
 * else the best one (the earliest among equals), or `null` when every attempt failed. Only the
 * returned attempt's predictor calls are added to the caller's trace.
 *
 * @example
 * const qa = new ChainOfThought("question -> answer");
 * const oneWord = (_: unknown, p: Prediction) => (String(p.get("answer")).split(" ").length === 1 ? 1 : 0);
 * const best = new BestOfN({ module: qa, N: 3, rewardFn: oneWord, threshold: 1 });
 * (await best.call({ question: "What is the capital of Belgium?" }))?.get("answer"); // "Brussels"
 */
export class BestOfN<Output extends Prediction = Prediction> extends Module {
  readonly module: CallableModule<Record<string, unknown>, Output>;
  readonly N: number;
  readonly threshold: number;
  /** Failures still tolerated; DSPy's instance-level `fail_count`, decremented on every failure. */
  failCount: number;
  // Plain (not #private) fields: deepcopyModule copies own properties, and a BestOfN can sit
  // inside a program that Refine or an optimizer copies.
  readonly rewardFn: RewardFn;
  readonly log: (message: string) => void;

  constructor(options: BestOfNOptions<Output>) {
    super();
    this.module = options.module;
    this.N = options.N;
    this.threshold = options.threshold;
    this.failCount = options.failCount || options.N;
    this.rewardFn = options.rewardFn;
    this.log = options.log ?? ((message) => console.log(message));
  }

  /**
   * Runs the attempts for one set of inputs.
   *
   * @example
   * const prediction = await best.call({ question }, { signal: AbortSignal.timeout(60_000) });
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
    let best: { prediction: Output | null; trace: TraceEntry[] | undefined; reward: number } = {
      prediction: null,
      trace: undefined,
      reward: Number.NEGATIVE_INFINITY,
    };
    for (let index = 0; index < this.N; index++) {
      const rolloutId = start + index;
      const attempt = deepcopyModule(this.module);
      setLM(attempt, rolloutLM(lm, rolloutId));
      try {
        const scored = await scoredAttempt(() => attempt.call({ ...inputs }, options), inputs, this.rewardFn);
        if (scored.reward > best.reward) best = { ...scored, prediction: scored.prediction as Output };
        if (scored.reward >= this.threshold) break;
      } catch (error) {
        // A cancelled call is not a failed attempt.
        if (options?.signal?.aborted) throw error;
        this.log(`BestOfN: Attempt ${index + 1} failed with rollout id ${rolloutId}: ${errorText(error)}`);
        if (index > this.failCount) throw error;
        this.failCount -= 1;
      }
    }
    extendTrace(best.trace);
    return best.prediction;
  }
}
