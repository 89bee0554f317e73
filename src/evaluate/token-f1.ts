import { DSPyError } from "../errors/dspy-error.js";
import { normalizeText, pySplit } from "../predict/normalize-text.js";
import { inputType } from "../signatures/input-repr.js";

/**
 * DSPy's `f1_score`: token F1 between a prediction and one reference after
 * {@link normalizeText}, counting repeated tokens as a multiset (`Counter` intersection).
 * No common token gives `0`, including when both sides are empty (DSPy only prints a notice
 * then; this port stays silent).
 *
 * @example
 * f1Score("the Eiffel Tower", "Eiffel Tower"); // 1
 * f1Score("Eiffel Tower is in Paris", "Paris"); // 0.3333333333333333
 */
export function f1Score(prediction: string, groundTruth: string): number {
  return tokenF1(pySplit(normalizeText(prediction)), pySplit(normalizeText(groundTruth)));
}

/**
 * DSPy's `precision_score`: the share of prediction tokens found in the reference.
 *
 * @example
 * precisionScore("eiffel tower in paris", "eiffel tower"); // 0.5
 */
export function precisionScore(prediction: string, groundTruth: string): number {
  const predicted = pySplit(normalizeText(prediction));
  const same = commonCount(predicted, pySplit(normalizeText(groundTruth)));
  return same === 0 ? 0 : same / predicted.length;
}

/**
 * DSPy's `hotpot_f1_score`: token F1, except that when either side normalises to `yes`, `no`
 * or `noanswer` and the two differ, the score is 0.
 *
 * @example
 * hotpotF1Score("no", "yes"); // 0
 * hotpotF1Score("yes", "Yes."); // 1
 */
export function hotpotF1Score(prediction: string, groundTruth: string): number {
  const predicted = normalizeText(prediction);
  const truth = normalizeText(groundTruth);
  if (predicted !== truth && (SPECIAL.has(predicted) || SPECIAL.has(truth))) return 0;
  return tokenF1(pySplit(predicted), pySplit(truth));
}

/**
 * DSPy's `F1`: the best {@link f1Score} over several references. Like DSPy it needs an array
 * (`ValueError` otherwise) and fails on an empty one (`max()` of nothing).
 *
 * @example
 * F1("Eiffel Tower is in Paris", ["Paris", "Louvre"]); // 0.3333333333333333
 */
export function F1(prediction: string, answers: readonly string[]): number {
  return bestOf(answers, (answer) => f1Score(prediction, answer));
}

/**
 * DSPy's `HotPotF1`: the best {@link hotpotF1Score} over several references.
 *
 * @example
 * HotPotF1("yes", ["no"]); // 0
 */
export function HotPotF1(prediction: string, answers: readonly string[]): number {
  return bestOf(answers, (answer) => hotpotF1Score(prediction, answer));
}

const SPECIAL = new Set(["yes", "no", "noanswer"]);

function tokenF1(predicted: string[], truth: string[]): number {
  const same = commonCount(predicted, truth);
  if (same === 0) return 0;
  const precision = same / predicted.length;
  const recall = same / truth.length;
  return (2 * precision * recall) / (precision + recall);
}

function commonCount(predicted: string[], truth: string[]): number {
  const counts = new Map<string, number>();
  for (const token of truth) counts.set(token, (counts.get(token) ?? 0) + 1);
  let same = 0;
  for (const token of predicted) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      counts.set(token, left - 1);
      same += 1;
    }
  }
  return same;
}

/**
 * Python's `max(score(a) for a in answers)` over a list argument: every answer is scored (so a
 * bad one raises even after a match), the first maximum wins, and an empty list raises.
 */
export function bestOf<T extends number | boolean>(answers: readonly string[], score: (answer: string) => T): T {
  if (inputType(answers) !== "list") {
    throw new DSPyError(`\`answers_list\` must be a list, got <class '${inputType(answers)}'>`, {
      code: "value_error",
    });
  }
  const scores = answers.map(score);
  if (scores.length === 0) throw new DSPyError("max() arg is an empty sequence", { code: "value_error" });
  // biome-ignore lint/complexity/useMathMinMax: must return the boolean itself for EM, as Python's max() does
  return scores.reduce((best, next) => (next > best ? next : best));
}
