// Optuna 5.0's TPESampler as DSPy's MIPROv2 builds it (`TPESampler(seed=seed, multivariate=True)`,
// direction "maximize"), for categorical parameters. Checked against real Optuna 5.0.0 on NumPy
// 2.4.6 (scripts/oracle/make_numpy_vectors.py tpe); Optuna 3.4.0, 3.6.2 and 4.9.0 produce the
// same trials for those studies (DSPy accepts optuna>=3.4.0).

import { numpyArgmax } from "../utils/numpy-float-math.js";
import { NumpyRandomState, type NumpyRandomStateTuple } from "../utils/numpy-random-state.js";
import { CategoricalParzenEstimator } from "./tpe-parzen-estimator.js";
import { type CategoricalChoice, type FrozenTPETrial, sameChoices } from "./tpe-types.js";

/** Options of {@link TPESampler}; defaults are Optuna 5.0's. */
export interface TPESamplerOptions {
  /** Seeds both generators (the start-up sampler's and TPE's own), as `TPESampler(seed=...)`. */
  seed?: number | undefined;
  /** Finished trials needed before TPE takes over from random sampling (default 10). */
  nStartupTrials?: number | undefined;
  /** Candidates drawn from the good trials' mixture per suggestion (default 24). */
  nEiCandidates?: number | undefined;
  /** Sample all parameters jointly (DSPy passes true; Optuna 5 also defaults to it for one objective). */
  multivariate?: boolean | undefined;
  /** Weight of the prior kernel (default 1). */
  priorWeight?: number | undefined;
}

/** The generator states, for checkpoints: restoring them continues the same draws. */
export interface TPESamplerState {
  random: NumpyRandomStateTuple;
  tpe: NumpyRandomStateTuple;
}

/** A search space: parameter name → choices, in sampling order. */
export type CategoricalSearchSpace = ReadonlyMap<string, readonly CategoricalChoice[]>;

/**
 * Tree-structured Parzen Estimator over categorical parameters. Until `nStartupTrials` trials
 * have finished, each parameter is drawn as Optuna's `RandomSampler` draws it: one
 * `uniform(0, 1)` per choice, the largest wins. After that, multivariate TPE splits the finished
 * trials into the best `min(ceil(0.1 n), 25)` and the rest, fits a {@link CategoricalParzenEstimator}
 * to each, draws `nEiCandidates` points from the good one and returns the point with the highest
 * log-density ratio.
 *
 * Use it through {@link TPEStudy}, which calls the hooks below in Optuna's order.
 *
 * @example
 * const study = new TPEStudy(new TPESampler({ seed: 9 }), "maximize");
 * const trial = study.ask();
 * const index = trial.suggestCategorical("0_predictor_instruction", [0, 1, 2]);
 */
export class TPESampler {
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  readonly multivariate: boolean;
  readonly priorWeight: number;
  // Two generators with the same seed, as Optuna's TPESampler and its inner RandomSampler.
  readonly #randomRng: NumpyRandomState;
  readonly #tpeRng: NumpyRandomState;

  constructor(options: TPESamplerOptions = {}) {
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.nEiCandidates = options.nEiCandidates ?? 24;
    this.multivariate = options.multivariate ?? true;
    this.priorWeight = options.priorWeight ?? 1;
    this.#randomRng = new NumpyRandomState(options.seed);
    this.#tpeRng = new NumpyRandomState(options.seed);
  }

  /**
   * `infer_relative_search_space`: the parameters every finished trial has, with the same
   * choices, sorted by name; parameters with one choice are left out (nothing to sample).
   *
   * @example
   * sampler.inferRelativeSearchSpace(study.trials); // Map { "0_predictor_demos" => [0, 1, 2], ... }
   */
  inferRelativeSearchSpace(trials: readonly FrozenTPETrial[]): CategoricalSearchSpace {
    if (!this.multivariate) return new Map();
    let space: Map<string, readonly CategoricalChoice[]> | undefined;
    for (const trial of trials) {
      if (trial.state !== "complete") continue;
      if (!space) {
        space = new Map(Object.entries(trial.distributions));
        continue;
      }
      for (const [name, choices] of space) {
        const other = trial.distributions[name];
        if (!other || !sameChoices(choices, other)) space.delete(name);
      }
    }
    const sorted = [...(space ?? new Map())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return new Map(sorted.filter(([, choices]) => choices.length > 1));
  }

  /**
   * `sample_relative`: the joint TPE suggestion for the whole space, or nothing during start-up.
   *
   * @example
   * sampler.sampleRelative(study.trials, trial.number, space); // {} until 10 trials have finished
   */
  sampleRelative(
    trials: readonly FrozenTPETrial[],
    current: number,
    space: CategoricalSearchSpace,
  ): Record<string, CategoricalChoice> {
    if (space.size === 0) return {};
    if (finished(trials).length < this.nStartupTrials) return {};
    return this.#sample(trials, current, space);
  }

  /**
   * `sample_independent`: one parameter on its own — random during start-up, else TPE on that
   * parameter alone.
   *
   * @example
   * sampler.sampleIndependent(study.trials, trial.number, "x", ["a", "b"]);
   */
  sampleIndependent(
    trials: readonly FrozenTPETrial[],
    current: number,
    name: string,
    choices: readonly CategoricalChoice[],
  ): CategoricalChoice {
    if (finished(trials).length < this.nStartupTrials) {
      // RandomSampler: a one-hot box [0, 1]^k sampled with uniform(lows, highs), then argmax.
      const point = this.#randomRng.uniform(new Array(choices.length).fill(0), new Array(choices.length).fill(1));
      return choices[numpyArgmax(point)] as CategoricalChoice;
    }
    return this.#sample(trials, current, new Map([[name, choices]]))[name] as CategoricalChoice;
  }

  /**
   * Both generators' states, to checkpoint a search.
   *
   * @example
   * const saved = sampler.getState(); later.setState(saved);
   */
  getState(): TPESamplerState {
    return { random: this.#randomRng.getState(), tpe: this.#tpeRng.getState() };
  }

  /**
   * Restores {@link TPESampler.getState}.
   *
   * @example
   * new TPESampler({ seed: 9 }).setState(saved);
   */
  setState(state: TPESamplerState): void {
    this.#randomRng.setState(state.random);
    this.#tpeRng.setState(state.tpe);
  }

  #sample(
    trials: readonly FrozenTPETrial[],
    current: number,
    space: CategoricalSearchSpace,
  ): Record<string, CategoricalChoice> {
    // Optuna 5's constant liar: running trials (other than this one) count among the bad ones.
    const others = trials.filter((t) => t.number !== current && (t.state === "complete" || t.state === "running"));
    const n = others.filter((t) => t.state !== "running").length;
    const { below, above } = splitTrials(others, Math.min(Math.ceil(0.1 * n), 25));
    const names = [...space.keys()];
    const counts = names.map((name) => (space.get(name) as readonly CategoricalChoice[]).length);
    const belowEstimator = new CategoricalParzenEstimator(observations(below, space), counts, this.priorWeight);
    const aboveEstimator = new CategoricalParzenEstimator(observations(above, space), counts, this.priorWeight);
    const samples = belowEstimator.sample(this.#tpeRng, this.nEiCandidates);
    const logBelow = belowEstimator.logPdf(samples);
    const logAbove = aboveEstimator.logPdf(samples);
    const best = samples[numpyArgmax(logBelow.map((value, i) => value - (logAbove[i] as number)))] as number[];
    return Object.fromEntries(
      names.map((name, i) => [name, (space.get(name) as readonly CategoricalChoice[])[best[i] as number]]),
    ) as Record<string, CategoricalChoice>;
  }
}

// The direction is folded into the values by TPEStudy: here larger is always better.
function finished(trials: readonly FrozenTPETrial[]): FrozenTPETrial[] {
  return trials.filter((t) => t.state === "complete");
}

/**
 * `_split_trials` for one objective: the `nBelow` best complete trials (a stable sort, so equal
 * values keep trial order) against the rest plus running trials, each side in trial order.
 */
function splitTrials(
  trials: readonly FrozenTPETrial[],
  nBelow: number,
): { below: FrozenTPETrial[]; above: FrozenTPETrial[] } {
  const complete = trials.filter((t) => t.state === "complete");
  const sorted = [...complete].sort((a, b) => (b.value as number) - (a.value as number));
  const cut = Math.min(nBelow, sorted.length);
  const byNumber = (a: FrozenTPETrial, b: FrozenTPETrial) => a.number - b.number;
  const below = sorted.slice(0, cut).sort(byNumber);
  const above = [...sorted.slice(cut), ...trials.filter((t) => t.state === "running")].sort(byNumber);
  return { below, above };
}

/** `_get_internal_repr`: choice indices of the trials that have every parameter of the space. */
function observations(trials: readonly FrozenTPETrial[], space: CategoricalSearchSpace): number[][] {
  const rows: number[][] = [];
  for (const trial of trials) {
    const params = trial.state === "running" ? { ...trial.relativeParams, ...trial.params } : trial.params;
    if (![...space.keys()].every((name) => name in params)) continue;
    rows.push([...space].map(([name, choices]) => choices.indexOf(params[name] as CategoricalChoice)));
  }
  return rows;
}
