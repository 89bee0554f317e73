import { DSPyError } from "../errors/dspy-error.js";
import { Example } from "../primitives/example.js";
import type { Prediction } from "../primitives/prediction.js";
import { inputType } from "../signatures/input-repr.js";

/**
 * What a metric may return: a number, a pass/fail boolean (summed as 1/0, as Python sums
 * bools), or a prediction with a `score` field (what `SemanticF1` returns; DSPy adds such
 * predictions through their `score`).
 */
export type MetricValue = number | boolean | Example;

/**
 * A metric as Evaluate calls it: `metric(example, prediction)`, two arguments, as DSPy does.
 * Optimizers pass a third `trace` argument, which a metric may declare as optional.
 *
 * @example
 * const metric: Metric = (example, prediction) => example.get("answer") === prediction.get("answer");
 */
export type Metric = (example: Example, prediction: Prediction) => MetricValue | Promise<MetricValue>;

/**
 * A metric function, or a module with a `call(example, prediction)` method such as
 * `SemanticF1`.
 *
 * @example
 * new Evaluate({ devset, metric: new SemanticF1() });
 */
export type MetricLike = Metric | { call: Metric; constructor: { name: string } };

/**
 * The metric as a function.
 *
 * @example
 * toMetric(new SemanticF1())(example, prediction);
 */
export function toMetric(metric: MetricLike): Metric {
  return typeof metric === "function" ? metric : (example, prediction) => metric.call(example, prediction);
}

/**
 * DSPy's name for a metric in tables: the function's name, or the class name of a module.
 *
 * @example
 * metricName(answerExactMatch); // "answerExactMatch"
 */
export function metricName(metric: MetricLike): string {
  return typeof metric === "function" ? metric.name || "metric" : metric.constructor.name;
}

/**
 * The number a metric value adds to the total: booleans as 1/0, predictions by their `score`
 * (`float(prediction)` in DSPy). Anything else cannot be summed and raises, as Python's `sum()`
 * would.
 *
 * @example
 * metricScore(true); // 1
 * metricScore(new Prediction({ score: 0.5 })); // 0.5
 */
export function metricScore(value: MetricValue): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Example) {
    if (!value.has("score")) {
      throw new DSPyError("Prediction object does not have a 'score' field to convert to float.", {
        code: "value_error",
      });
    }
    const score = value.get("score");
    if (typeof score === "number" || typeof score === "boolean") return Number(score);
    throw new DSPyError(`float() argument must be a string or a real number, not '${inputType(score)}'`, {
      code: "type_error",
      pythonType: "TypeError",
    });
  }
  const type = value === null || value === undefined ? "NoneType" : inputType(value);
  throw new DSPyError(`unsupported operand type(s) for +: 'int' and '${type}'`, {
    code: "type_error",
    pythonType: "TypeError",
  });
}
