import { ChainOfThought } from "../predict/chain-of-thought.js";
import type { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { attribute } from "./attribute.js";
import { decompositionalSemanticRecallPrecision, semanticRecallPrecision } from "./auto-evaluation-signatures.js";

/** Options for {@link SemanticF1}. */
export interface SemanticF1Options {
  /** The F1 an optimizer's trace run must reach to count as a pass. Default 0.66. */
  threshold?: number;
  /** Ask the LM to list and discuss key ideas before scoring. Default false. */
  decompositional?: boolean;
}

/**
 * DSPy's `SemanticF1`: an LLM judge that rates recall and precision of `prediction.response`
 * against `example.response` (for `example.question`) and returns their F1 as
 * `Prediction({ score })`. Given a trace (during optimisation) the score is a pass/fail
 * `score >= threshold` instead.
 *
 * @example
 * const judge = new SemanticF1();
 * const evaluate = new Evaluate({ devset, metric: judge });
 * const { score } = await context({ lm }, () => judge.call(example, prediction));
 */
export class SemanticF1 extends Module {
  readonly threshold: number;
  // Named as in DSPy so saved states key this predictor "module.predict".
  readonly module: ChainOfThought;

  constructor(options: SemanticF1Options = {}) {
    super();
    this.threshold = options.threshold ?? 0.66;
    this.module = new ChainOfThought(
      options.decompositional ? decompositionalSemanticRecallPrecision() : semanticRecallPrecision(),
    );
  }

  /**
   * Scores one prediction (DSPy's `forward(example, pred, trace=None)`).
   *
   * @example
   * (await judge.call(new Example({ question, response }), prediction)).get("score");
   */
  async call(example: Example, prediction: Example, trace?: unknown): Promise<Prediction<{ score: number | boolean }>> {
    const scores = await this.module.call({
      question: attribute(example, "question"),
      ground_truth: attribute(example, "response"),
      system_response: attribute(prediction, "response"),
    });
    const score = clampedF1(attribute(scores, "precision") as number, attribute(scores, "recall") as number);
    return new Prediction({ score: trace === undefined || trace === null ? score : score >= this.threshold });
  }
}

/**
 * The F1 of auto_evaluation.py: both inputs clamped to [0, 1] first (with Python's `max`/`min`,
 * which keep the first argument when a comparison with NaN is false), 0 when both are 0.
 *
 * @example
 * clampedF1(0.5, 1.2); // 0.6666666666666666
 */
export function clampedF1(precision: number, recall: number): number {
  const p = pyMax(0, pyMin(1, precision));
  const r = pyMax(0, pyMin(1, recall));
  return p + r === 0 ? 0 : (2 * (p * r)) / (p + r);
}

// Python's min/max keep the first argument when a comparison with NaN is false; Math's return NaN.
// biome-ignore lint/complexity/useMathMinMax: NaN semantics differ (see above)
const pyMin = (a: number, b: number) => (b < a ? b : a);
// biome-ignore lint/complexity/useMathMinMax: NaN semantics differ (see above)
const pyMax = (a: number, b: number) => (b > a ? b : a);
