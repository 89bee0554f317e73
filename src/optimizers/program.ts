import type { MetricValue } from "../evaluate/metric.js";
import type { TraceEntry } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import type { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";

/** Per-call options optimizers pass when they run a program. */
export interface ProgramCallOptions {
  /** Aborts the program's LM calls (the optimizer's run was cancelled). */
  signal?: AbortSignal;
}

/**
 * A program an optimizer can compile: a `Module` (so its predictors can be found and given
 * demos) that can be called on keyword inputs. `Predict`, `ChainOfThought` and user modules
 * with a `call` method all fit.
 *
 * @example
 * class QA extends Module {
 *   answer = new ChainOfThought("question -> answer");
 *   call(inputs: { question: string }, options?: ProgramCallOptions) { return this.answer.call(inputs, options); }
 * }
 */
export type Program = Module & {
  call(inputs: Record<string, unknown>, options?: ProgramCallOptions): Promise<Prediction>;
};

/**
 * DSPy's metric as optimizers call it: `metric(example, prediction, trace)`. The trace of the
 * run is passed while bootstrapping (so a metric can be stricter about demos) and left out in
 * evaluations, so every `Evaluate` metric fits.
 *
 * @example
 * const metric: OptimizerMetricFn = (example, prediction, trace) =>
 *   trace ? prediction.get("answer") === example.get("answer") : answerExactMatch(example, prediction);
 */
export type OptimizerMetricFn = (
  example: Example,
  prediction: Prediction,
  trace?: readonly TraceEntry[],
) => MetricValue | Promise<MetricValue>;

/** A metric function, or a module with a `call` metric (such as `SemanticF1`). */
export type OptimizerMetric = OptimizerMetricFn | { call: OptimizerMetricFn; constructor: { name: string } };

/**
 * Calls a metric with the trace, whichever form it has.
 *
 * @example
 * await callMetric(metric, example, prediction, trace);
 */
export function callMetric(
  metric: OptimizerMetric,
  example: Example,
  prediction: Prediction,
  trace?: readonly TraceEntry[],
): MetricValue | Promise<MetricValue> {
  return typeof metric === "function" ? metric(example, prediction, trace) : metric.call(example, prediction, trace);
}
