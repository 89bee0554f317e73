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
  #lmUsage: Record<string, Record<string, unknown>> | null = null;

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

  /**
   * DSPy's `get_lm_usage()`: token usage per model summed over every LM call made while the
   * module produced this prediction — set when the `trackUsage` setting is on, `null` otherwise.
   *
   * @example
   * const prediction = await context({ trackUsage: true }, () => qa.call({ question }));
   * prediction.getLmUsage(); // { "openai/gpt-4o-mini": { prompt_tokens: 52, completion_tokens: 7, ... } }
   */
  getLmUsage(): Record<string, Record<string, unknown>> | null {
    return this.#lmUsage;
  }

  /** DSPy's `set_lm_usage()`; modules call it when usage tracking is on. */
  setLmUsage(usage: Record<string, Record<string, unknown>> | null): void {
    this.#lmUsage = usage;
  }
}
