import type { Example } from "../primitives/example.js";
import type { Prediction } from "../primitives/prediction.js";
import { floatRepr } from "../utils/python-repr.js";
import type { MetricValue } from "./metric.js";

/** One evaluated example: DSPy's `(example, prediction, score)` tuple. */
export type EvaluationTuple = [example: Example, prediction: Prediction, score: MetricValue];

/** One evaluated example as streamed to `onResult`, with its devset index. */
export interface EvaluationRow {
  index: number;
  example: Example;
  /** The program's prediction; an empty one when the example failed. */
  prediction: Prediction;
  /** The metric value, or the failure score when the program or the metric threw. */
  score: MetricValue;
  /** What the program or the metric threw, when the example failed. */
  error?: unknown;
}

/** Progress after each example. */
export interface EvaluationProgress {
  /** Examples finished, failed ones included. */
  done: number;
  total: number;
  /** Examples that failed so far. */
  errors: number;
  /** Sum of the metric over the examples that did not fail. */
  sum: number;
  /** DSPy's progress-bar percentage: `round(100 * sum / succeeded, 1)`, 0 before any success. */
  score: number;
}

/** What a cancelled evaluation had finished (the `partial` of its AbortError). */
export interface EvaluationPartial {
  done: number;
  total: number;
  /** Finished examples at their devset index, `undefined` elsewhere; empty with `keepResults: false`. */
  results: (EvaluationTuple | undefined)[];
}

/**
 * DSPy's `EvaluationResult`: the overall score as a percentage rounded to 2 places with
 * Python's `round` (e.g. `66.67`), and one `(example, prediction, score)` per devset example, in
 * devset order (empty when run with `keepResults: false`). `Number(result)` is the score, as
 * `float(result)` is in DSPy.
 *
 * @example
 * const result = await evaluate.run(program);
 * result.score; // 66.67
 * const [example, prediction, score] = result.results[0];
 */
export class EvaluationResult {
  constructor(
    readonly score: number,
    readonly results: EvaluationTuple[],
  ) {}

  valueOf(): number {
    return this.score;
  }

  /** DSPy's repr: `EvaluationResult(score=66.67, results=<list of 3 results>)`. */
  toString(): string {
    return `EvaluationResult(score=${floatRepr(this.score)}, results=<list of ${this.results.length} results>)`;
  }
}
