import { DSPyError } from "../errors/dspy-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { Module } from "../primitives/module.js";

/**
 * DSPy's `module.set_lm(lm)`: gives every predictor of the module this LM (predictors of
 * compiled sub-modules included only as `namedPredictors` lists them).
 *
 * @example
 * setLM(program, new LM("openai/gpt-4o-mini"));
 */
export function setLM(module: Module, lm: BaseLM): void {
  for (const predictor of module.predictors()) (predictor as { lm?: BaseLM | undefined }).lm = lm;
}

/**
 * DSPy's `module.get_lm()`: the LM every predictor uses — `undefined` when none has its own (the
 * settings LM then applies). Throws DSPy's `ValueError` when predictors disagree, or when the
 * module has no predictor at all (DSPy's set of LMs is then empty, not of size one).
 *
 * @example
 * const lm = getLM(program) ?? settings().lm;
 */
export function getLM(module: Module): BaseLM | undefined {
  const lms = new Set(module.predictors().map((predictor) => (predictor as { lm?: BaseLM | null }).lm ?? undefined));
  if (lms.size === 1) return lms.values().next().value;
  throw new DSPyError("Multiple LMs are being used in the module. There's no unique LM to return.", {
    code: "ambiguous_lm",
  });
}
