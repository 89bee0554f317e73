import { DSPyError } from "../errors/dspy-error.js";
import { normalizeText } from "../predict/normalize-text.js";
import type { Example } from "../primitives/example.js";
import { inputType } from "../signatures/input-repr.js";
import { attribute } from "./attribute.js";
import { dprNormalize, hasAnswer } from "./dpr-tokenize.js";
import { EM } from "./exact-match.js";
import { F1 } from "./token-f1.js";

/** Options for {@link answerExactMatch}. */
export interface AnswerMatchOptions {
  /** `1` (the default) or more means exact match; below 1, the best token F1 must reach it. */
  frac?: number;
}

/**
 * DSPy's `answer_exact_match` metric: compares `prediction.answer` with `example.answer`, which
 * may be one string or a list of acceptable strings. With `frac < 1` it passes when the best
 * token F1 is at least `frac`. Any other answer type raises `Invalid answer type: <class '…'>`.
 *
 * The third argument is read only when it is an options object, so an optimizer passing a
 * trace there (DSPy's `metric(example, pred, trace)`) still gets exact match.
 *
 * @example
 * const example = new Example({ answer: ["Eiffel Tower", "Louvre"] });
 * answerExactMatch(example, new Prediction({ answer: "The Eiffel Tower" })); // true
 * answerExactMatch(example, new Prediction({ answer: "Eiffel" }), { frac: 0.5 }); // true
 */
export function answerExactMatch(example: Example, prediction: Example, options?: AnswerMatchOptions): boolean {
  const frac = isOptions(options) ? (options.frac ?? 1) : 1;
  const answers = answerList(example);
  const predicted = attribute(prediction, "answer") as string;
  return frac >= 1 ? EM(predicted, answers) : F1(predicted, answers) >= frac;
}

/**
 * DSPy's `answer_passage_match` metric: whether any passage of `prediction.context` contains any
 * of the answers as a contiguous run of DPR tokens (after {@link normalizeText}). As in DSPy, a
 * string `context` is taken character by character.
 *
 * @example
 * const example = new Example({ answer: "Eiffel Tower" });
 * answerPassageMatch(example, new Prediction({ context: ["The Eiffel Tower is in Paris."] })); // true
 */
export function answerPassageMatch(example: Example, prediction: Example): boolean {
  const answers = answerList(example);
  const passages = attribute(prediction, "context");
  for (const passage of pyIter(passages)) {
    // DSPy normalises the answers anew for every passage; the result is the same each time.
    const tokenized = answers.map((answer) => dprNormalize(normalizeText(answer)));
    if (hasAnswer(tokenized, normalizeText(passage as string))) return true;
  }
  return false;
}

function answerList(example: Example): string[] {
  const answer = attribute(example, "answer");
  if (typeof answer === "string") return [answer];
  if (Array.isArray(answer) && inputType(answer) === "list") return answer as string[];
  throw new DSPyError(`Invalid answer type: <class '${inputType(answer)}'>`, { code: "value_error" });
}

// Python's iter(): strings by character, dicts by key; anything else that is not iterable raises.
function pyIter(value: unknown): Iterable<unknown> {
  if (typeof value === "string" || Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") {
    if (Symbol.iterator in value) return value as Iterable<unknown>;
    return Object.keys(value);
  }
  throw new DSPyError(`'${inputType(value)}' object is not iterable`, { code: "type_error", pythonType: "TypeError" });
}

function isOptions(value: unknown): value is AnswerMatchOptions {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
