import type { InferInputs, InferOutputs } from "./infer-types.js";
import { Signature } from "./signature.js";

/**
 * A {@link Signature} from a string, typed from the string itself: the field names and value
 * types come from the annotations, so typos and wrong types fail at compile time.
 *
 * @example
 * const qa = signature("question, context: list[str] -> answer: int, ok: bool", "Answer from the context.");
 * // Signature<{ question: string; context: string[] }, { answer: number; ok: boolean }>
 */
export function signature<const S extends string>(
  text: S,
  instructions?: string,
): Signature<InferInputs<S>, InferOutputs<S>> {
  return new Signature(text, instructions);
}
