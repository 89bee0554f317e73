/** What the candidate list shows of one predictor: its instructions and how many demos it carries. */
export interface PredictorSummary {
  instructions: string;
  demos: number;
}

/**
 * A stored candidate without its full program state: the score, whether it was chosen, other
 * facts, and per predictor the instructions and the number of demos (from DSPy's JSON layout).
 *
 * @example
 * candidateSummary({ score: 80, chosen: true, program: { qa: { demos: [{}], signature: { instructions: "Answer." } } } });
 * // { score: 80, chosen: true, predictors: { qa: { instructions: "Answer.", demos: 1 } } }
 */
export function candidateSummary(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const { program, ...rest } = value as { program?: unknown };
  if (program === null || typeof program !== "object") return rest;
  const predictors: Record<string, PredictorSummary> = {};
  // A lone Predict saves its own state at the top level; a module nests one state per predictor.
  const byName = "signature" in program && "demos" in program ? { self: program } : program;
  for (const [name, state] of Object.entries(byName as Record<string, unknown>)) {
    if (name === "metadata" || state === null || typeof state !== "object") continue;
    const { demos, signature } = state as { demos?: unknown; signature?: { instructions?: unknown } };
    predictors[name] = {
      instructions: typeof signature?.instructions === "string" ? signature.instructions : "",
      demos: Array.isArray(demos) ? demos.length : 0,
    };
  }
  return { ...rest, predictors };
}
