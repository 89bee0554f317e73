import { Example } from "./example.js";

/**
 * DSPy's `Prediction`: the outputs of a module call. When the LM returned several completions
 * (`n > 1`), the fields hold the first one and `completions` holds them all.
 *
 * @example
 * const prediction = Prediction.fromCompletions([{ answer: "4" }, { answer: "four" }]);
 * prediction.get("answer"); // "4"
 * prediction.completions.length; // 2
 */
export class Prediction<T extends Record<string, unknown> = Record<string, unknown>> extends Example<T> {
  /** Every completion, in order; a single-completion prediction holds one. */
  readonly completions: readonly T[];

  constructor(fields: T, completions?: readonly T[]) {
    super(fields);
    this.completions = completions ?? [fields];
  }

  /**
   * Builds a prediction whose fields are the first completion's.
   *
   * @example
   * Prediction.fromCompletions([{ answer: "Paris" }]);
   */
  static fromCompletions<T extends Record<string, unknown>>(completions: readonly T[]): Prediction<T> {
    return new Prediction((completions[0] ?? {}) as T, completions);
  }
}
