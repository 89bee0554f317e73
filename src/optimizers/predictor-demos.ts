import type { Demo } from "../adapters/message.js";
import type { Example } from "../primitives/example.js";
import type { Module, Parameter } from "../primitives/module.js";

/** A demo as predictors hold it: an `Example` (what optimizers assign) or a plain object (loaded state). */
export type PredictorDemo = Example | Demo;

/** A predictor as optimizers see it: a module parameter with a demo list. */
export type DemoPredictor = Parameter & Module & { demos: PredictorDemo[] };

/**
 * The program's predictors with their DSPy names, typed for demo assignment. Every predictor
 * must keep a `demos` list (as `Predict` does); a custom predictor without one cannot be
 * optimized with few-shot demos, which is reported instead of silently skipped.
 *
 * @example
 * for (const [name, predictor] of demoPredictors(program)) predictor.demos = [];
 */
export function demoPredictors(program: Module): [string, DemoPredictor][] {
  return program.namedPredictors().map(([name, predictor]) => {
    if (!Array.isArray((predictor as Partial<DemoPredictor>).demos)) {
      throw new TypeError(`Predictor '${name}' has no demos list, so few-shot optimizers cannot set its demos.`);
    }
    return [name, predictor as DemoPredictor];
  });
}
