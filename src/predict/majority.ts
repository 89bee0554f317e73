import { DSPyError } from "../errors/dspy-error.js";
import { Example } from "../primitives/example.js";
import { Prediction } from "../primitives/prediction.js";
import type { Signature } from "../signatures/signature.js";
import { normalizeText } from "./normalize-text.js";

/**
 * One completion: a prediction or example, or a plain record of fields.
 *
 * @example
 * const completions: Completion[] = [{ answer: "4" }, new Prediction({ answer: "four" })];
 */
export type Completion = Example | Record<string, unknown>;

/** Options for {@link majority}. */
export interface MajorityOptions {
  /**
   * Maps a value to its voting key; `null` from it means "abstain". Default: DSPy's
   * `normalize_text(value) or None`. Pass `null` to vote on raw values.
   */
  normalize?: ((value: unknown) => unknown) | null;
  /** The field to vote on. Default: the signature's last output field, else the first completion's last key. */
  field?: string;
  /**
   * The signature the completions answer (DSPy reads it from `Completions.signature`, which our
   * predictions do not carry). Only used to pick the default field.
   */
  signature?: Signature;
}

/**
 * DSPy's `dspy.majority`: the most common value of a field across completions, returned as a
 * prediction holding the first completion with that value. Values are normalised first
 * (abstentions ignored unless every completion abstains); ties go to the value seen first.
 *
 * @example
 * const votes = await new Predict("question -> answer", { n: 5 }).call({ question });
 * majority(votes).get("answer");
 * majority([{ answer: "Paris" }, { answer: "the Paris!" }, { answer: "Lyon" }]).get("answer"); // "Paris"
 */
export function majority(completions: Prediction | readonly Completion[], options: MajorityOptions = {}): Prediction {
  const list: readonly Completion[] = completions instanceof Prediction ? completions.completions : completions;
  const first = list[0];
  if (first === undefined)
    throw new DSPyError("list index out of range", { code: "invalid_argument", pythonType: "IndexError" });
  const field =
    options.field ||
    (options.signature ? options.signature.outputFields.at(-1)?.name : undefined) ||
    keysOf(first).at(-1);
  if (field === undefined)
    throw new DSPyError("list index out of range", { code: "invalid_argument", pythonType: "IndexError" });
  const normalize =
    options.normalize === undefined ? defaultNormalize : (options.normalize ?? ((value: unknown) => value));
  const keys = list.map((completion) => normalize(fieldValue(completion, field)));
  const voting = keys.filter((key) => key !== null && key !== undefined);
  // A Map keeps first-seen order and the strict `>` keeps the earliest of tied values, as
  // Python's `max` over a dict does.
  const counts = new Map<unknown, number>();
  for (const key of voting.length > 0 ? voting : keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let winner: unknown;
  let best = 0;
  for (const [key, count] of counts) {
    if (count > best) [winner, best] = [key, count];
  }
  // DSPy's loop falls through to the last completion if nothing matches (only possible with an
  // impure normalize).
  const chosen =
    list.find((completion) => normalize(fieldValue(completion, field)) === winner) ?? (list.at(-1) as Completion);
  return Prediction.fromCompletions([fieldsOf(chosen)]);
}

function defaultNormalize(value: unknown): string | null {
  return normalizeText(value as string) || null;
}

function keysOf(completion: Completion): string[] {
  return completion instanceof Example ? completion.keys() : Object.keys(completion);
}

function fieldValue(completion: Completion, field: string): unknown {
  const present = completion instanceof Example ? completion.has(field) : Object.hasOwn(completion, field);
  if (!present) throw new DSPyError(`'${field}'`, { code: "missing_field", pythonType: "KeyError" });
  return completion instanceof Example ? completion.get(field) : completion[field];
}

// DSPy rebuilds the prediction from `completion.items()`, which leaves out `dspy_*` keys.
function fieldsOf(completion: Completion): Record<string, unknown> {
  if (!(completion instanceof Example)) return { ...completion };
  return Object.fromEntries(completion.keys().map((key) => [key, completion.get(key)]));
}
