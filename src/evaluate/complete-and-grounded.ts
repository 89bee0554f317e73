import { ChainOfThought } from "../predict/chain-of-thought.js";
import type { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { attribute } from "./attribute.js";
import { answerCompleteness, answerGroundedness } from "./auto-evaluation-signatures.js";
import { clampedF1 } from "./semantic-f1.js";

/**
 * DSPy's `CompleteAndGrounded`: two LLM judges, one rating how completely `prediction.response`
 * covers `example.response`, one how well it is supported by `prediction.context`; the score is
 * the F1 of groundedness and completeness, as `Prediction({ score })`. Given a trace the score is
 * `score >= threshold` instead.
 *
 * @example
 * const judge = new CompleteAndGrounded({ threshold: 0.7 });
 * const result = await new Evaluate({ devset, metric: judge }).run(rag);
 */
export class CompleteAndGrounded extends Module {
  readonly threshold: number;
  // snake_case as in DSPy, so saved states key the predictors "completeness_module.predict" etc.
  readonly completeness_module: ChainOfThought;
  readonly groundedness_module: ChainOfThought;

  constructor(options: { threshold?: number } = {}) {
    super();
    this.threshold = options.threshold ?? 0.66;
    this.completeness_module = new ChainOfThought(answerCompleteness());
    this.groundedness_module = new ChainOfThought(answerGroundedness());
  }

  /**
   * Scores one prediction (DSPy's `forward(example, pred, trace=None)`): completeness first,
   * then groundedness, one LM call each.
   *
   * @example
   * (await judge.call(new Example({ question, response }), prediction)).get("score");
   */
  async call(example: Example, prediction: Example, trace?: unknown): Promise<Prediction<{ score: number | boolean }>> {
    const completeness = await this.completeness_module.call({
      question: attribute(example, "question"),
      ground_truth: attribute(example, "response"),
      system_response: attribute(prediction, "response"),
    });
    const groundedness = await this.groundedness_module.call({
      question: attribute(example, "question"),
      retrieved_context: attribute(prediction, "context"),
      system_response: attribute(prediction, "response"),
    });
    const score = clampedF1(
      attribute(groundedness, "groundedness") as number,
      attribute(completeness, "completeness") as number,
    );
    return new Prediction({ score: trace === undefined || trace === null ? score : score >= this.threshold });
  }
}
