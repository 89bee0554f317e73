import { DSPyError } from "../errors/dspy-error.js";
import type { TPESampler } from "./tpe-sampler.js";
import { type CategoricalChoice, type FrozenTPETrial, sameChoices, type TrialState } from "./tpe-types.js";

/** Whether larger or smaller objective values are better. DSPy's MIPROv2 maximises. */
export type StudyDirection = "maximize" | "minimize";

/** A finished trial to record without sampling it (Optuna's `create_trial` + `add_trial`). */
export interface AddedTrial {
  params: Record<string, CategoricalChoice>;
  distributions: Record<string, readonly CategoricalChoice[]>;
  value: number;
}

/**
 * The part of an Optuna study MIPROv2 uses, over categorical parameters: `addTrial` for known
 * results, `ask` for a new trial whose `suggestCategorical` calls consult the sampler in Optuna's
 * order, and `tell` for its value. Trials are numbered in the order they enter the study, added
 * ones included, as in Optuna.
 *
 * @example
 * const study = new TPEStudy(new TPESampler({ seed: 9 }), "maximize");
 * study.addTrial({ params: { x: 0 }, distributions: { x: [0, 1, 2] }, value: 50 });
 * const trial = study.ask();
 * const x = trial.suggestCategorical("x", [0, 1, 2]);
 * study.tell(trial, 61.5);
 */
export class TPEStudy {
  readonly #trials: FrozenTPETrial[] = [];

  constructor(
    readonly sampler: TPESampler,
    readonly direction: StudyDirection = "maximize",
  ) {}

  /**
   * Every trial so far, in number order.
   *
   * @example
   * study.trials.filter((t) => t.state === "complete").length;
   */
  get trials(): readonly FrozenTPETrial[] {
    return this.#trials;
  }

  /**
   * Records a finished trial (MIPROv2's baseline and full evaluations).
   *
   * @example
   * study.addTrial({ params: { "0_predictor_instruction": 0 }, distributions, value: 42.5 });
   */
  addTrial(trial: AddedTrial): FrozenTPETrial {
    for (const [name, value] of Object.entries(trial.params)) {
      const choices = trial.distributions[name];
      if (!choices?.includes(value)) {
        throw new DSPyError(`The value ${String(value)} of parameter ${name} isn't among its choices.`, {
          code: "invalid_argument",
        });
      }
    }
    const frozen: FrozenTPETrial = { number: this.#trials.length, state: "complete", ...trial };
    this.#trials.push(frozen);
    return frozen;
  }

  /**
   * Starts a trial. Its joint (relative) suggestion is drawn at its first `suggestCategorical`,
   * as Optuna draws it lazily.
   *
   * @example
   * const trial = study.ask();
   */
  ask(): TPETrial {
    const number = this.#trials.length;
    this.#trials.push({ number, state: "running", params: {}, distributions: {} });
    return new TPETrial(this, number, (change) => {
      this.#trials[number] = { ...(this.#trials[number] as FrozenTPETrial), ...change };
    });
  }

  /**
   * Finishes a trial with its objective value, or marks it failed (`undefined`); failed trials
   * are ignored by the sampler.
   *
   * @example
   * study.tell(trial, 73.25);
   */
  tell(trial: TPETrial, value: number | undefined): void {
    const current = this.#trials[trial.number] as FrozenTPETrial;
    if (current.state !== "running") {
      throw new DSPyError(`Trial ${trial.number} is already finished.`, { code: "invalid_argument" });
    }
    const state: TrialState = value === undefined || Number.isNaN(value) ? "fail" : "complete";
    this.#trials[trial.number] = { ...current, state, value };
  }

  /**
   * The trials as the sampler compares them: values negated when minimising, so larger is better.
   *
   * @example
   * study.trialsForSampler(); // what TPESampler sees
   */
  trialsForSampler(): FrozenTPETrial[] {
    if (this.direction === "maximize") return [...this.#trials];
    return this.#trials.map((t) => (t.value === undefined ? t : { ...t, value: -t.value }));
  }
}

type TrialChange = Partial<Pick<FrozenTPETrial, "params" | "distributions" | "relativeParams">>;

/**
 * A running trial (Optuna's `Trial`), handed out by {@link TPEStudy.ask}.
 *
 * @example
 * const demos = trial.suggestCategorical("0_predictor_demos", [0, 1, 2, 3]);
 */
export class TPETrial {
  #relative:
    | { space: ReadonlyMap<string, readonly CategoricalChoice[]>; params: Record<string, CategoricalChoice> }
    | undefined;

  // Writes this trial's record in the study: only the study hands out trials.
  readonly #update: (change: TrialChange) => void;

  constructor(
    readonly study: TPEStudy,
    readonly number: number,
    update: (change: TrialChange) => void,
  ) {
    this.#update = update;
  }

  /**
   * `trial.suggest_categorical(name, choices)`: the value already chosen for `name` in this trial,
   * the only choice when there is one, the joint TPE suggestion when `name` is in the relative
   * search space, else an independent draw.
   *
   * @example
   * trial.suggestCategorical("0_predictor_instruction", [0, 1, 2]); // e.g. 2
   */
  suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    const record = this.study.trials[this.number] as FrozenTPETrial;
    const known = record.distributions[name];
    if (known) {
      if (!sameChoices(known, choices)) {
        throw new DSPyError(`Cannot set different distribution kind to the same parameter name ${name}.`, {
          code: "invalid_argument",
        });
      }
      return record.params[name] as T;
    }
    let value: CategoricalChoice;
    if (choices.length === 0) {
      throw new DSPyError("The `choices` must contain one or more elements.", { code: "invalid_argument" });
    } else if (choices.length === 1) {
      value = choices[0] as T;
    } else {
      const relative = this.#relativeParams();
      const relativeChoices = relative.space.get(name);
      if (name in relative.params && relativeChoices && sameChoices(relativeChoices, choices)) {
        value = relative.params[name] as CategoricalChoice;
      } else {
        const trials = this.study.trialsForSampler();
        value = this.study.sampler.sampleIndependent(trials, this.number, name, choices);
      }
    }
    this.#update({
      params: { ...record.params, [name]: value },
      distributions: { ...record.distributions, [name]: [...choices] },
    });
    return value as T;
  }

  /**
   * The parameters chosen so far.
   *
   * @example
   * trial.params; // { "0_predictor_instruction": 2 }
   */
  get params(): Readonly<Record<string, CategoricalChoice>> {
    return (this.study.trials[this.number] as FrozenTPETrial).params;
  }

  #relativeParams() {
    if (!this.#relative) {
      const trials = this.study.trialsForSampler();
      const space = this.study.sampler.inferRelativeSearchSpace(trials);
      const params = this.study.sampler.sampleRelative(trials, this.number, space);
      this.#relative = { space, params };
      if (Object.keys(params).length > 0) this.#update({ relativeParams: params });
    }
    return this.#relative;
  }
}
