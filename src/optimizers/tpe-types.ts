/**
 * The study data TPE reads, shaped like Optuna's `FrozenTrial` for categorical parameters only.
 */

/** A value a categorical parameter can take (Optuna's `CategoricalChoiceType`). */
export type CategoricalChoice = string | number | boolean | null;

/** `TrialState` values the port uses: a running trial, a finished one, or one that failed. */
export type TrialState = "running" | "complete" | "fail";

/**
 * One trial of a study, as the sampler sees it.
 *
 * @example
 * const trial: FrozenTPETrial = {
 *   number: 0, state: "complete", value: 42,
 *   params: { "0_predictor_instruction": 0 }, distributions: { "0_predictor_instruction": [0, 1, 2] },
 * };
 */
export interface FrozenTPETrial {
  /** Position in the study, counting added trials. */
  readonly number: number;
  readonly state: TrialState;
  /** The objective value (maximised or minimised per the study's direction); set once complete. */
  readonly value?: number | undefined;
  /** The value chosen per parameter. */
  readonly params: Readonly<Record<string, CategoricalChoice>>;
  /** The choices each parameter was drawn from. */
  readonly distributions: Readonly<Record<string, readonly CategoricalChoice[]>>;
  /**
   * Parameters sampled jointly at the start of a running trial (Optuna keeps them in system attrs
   * under `tpe:relative_params` so a constant liar can see a running trial's whole point).
   */
  readonly relativeParams?: Readonly<Record<string, CategoricalChoice>> | undefined;
}

/**
 * Whether two choice lists are the same distribution (Optuna compares the choices tuples).
 *
 * @example
 * sameChoices([0, 1, 2], [0, 1, 2]); // true
 */
export function sameChoices(a: readonly CategoricalChoice[], b: readonly CategoricalChoice[]): boolean {
  return a.length === b.length && a.every((choice, i) => choice === b[i]);
}
