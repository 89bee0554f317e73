import { normalizeText } from "../predict/normalize-text.js";
import { bestOf } from "./token-f1.js";

/**
 * DSPy's `em_score`: whether prediction and reference are equal after {@link normalizeText}.
 *
 * @example
 * emScore("Paris", "paris"); // true
 * emScore("The Eiffel Tower!", "eiffel tower"); // true
 */
export function emScore(prediction: string, groundTruth: string): boolean {
  return normalizeText(prediction) === normalizeText(groundTruth);
}

/**
 * DSPy's `EM`: whether any reference matches exactly after normalisation. Every reference is
 * normalised (a non-string one raises even after a match, as Python's `max()` does), and an
 * empty list raises.
 *
 * @example
 * EM("The Eiffel Tower", ["Eiffel Tower", "Louvre"]); // true
 * EM("paris", ["Paris, France"]); // false
 */
export function EM(prediction: string, answers: readonly string[]): boolean {
  return bestOf(answers, (answer) => emScore(prediction, answer));
}
