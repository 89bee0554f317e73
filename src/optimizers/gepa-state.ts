/** A GEPA candidate: the instruction text of each predictor, by predictor name. */
export type GepaCandidate = Record<string, string>;

/**
 * Everything GEPA knows about its run (gepa's `GEPAState`, full-evaluation policy): every
 * candidate with its parents and per-example validation scores, the Pareto front per example,
 * the budget spent. Plain JSON, so it is the checkpoint.
 */
export interface GepaState {
  candidates: GepaCandidate[];
  /** Per candidate: its parents (`[null]` for the seed, two for a merge). */
  parents: (number | null)[][];
  /** Per candidate: its score on each validation example, in valset order. */
  valSubscores: number[][];
  /** Per validation example: the best score any candidate reached. */
  paretoFront: number[];
  /** Per validation example: the candidates with that best score, in the order they joined. */
  paretoPrograms: number[][];
  /** The component (predictor) names, in program order. */
  componentNames: string[];
  /** Per candidate: the component the round-robin selector updates next. */
  nextComponent: number[];
  /** The iteration counter (gepa's `state.i`; -1 before the first iteration). */
  iteration: number;
  /** Full validation evaluations so far, the seed's included. */
  fullEvals: number;
  /** Metric calls (rollouts) so far: the budget spent. */
  totalEvals: number;
  /** Per candidate: the metric calls spent when it was found. */
  discoveryEvals: number[];
  /** With `trackBestOutputs`: per validation example, (candidate, outputs) pairs with the best score. */
  bestOutputs?: [number, Record<string, unknown> | null][][] | undefined;
}

/**
 * The state after the seed candidate's validation run.
 *
 * @example
 * const state = initialGepaState({ predict: "Answer." }, [1, 0, 1]);
 */
export function initialGepaState(
  seed: GepaCandidate,
  scores: readonly number[],
  outputs?: readonly (Record<string, unknown> | null)[],
): GepaState {
  return {
    candidates: [{ ...seed }],
    parents: [[null]],
    valSubscores: [[...scores]],
    paretoFront: [...scores],
    paretoPrograms: scores.map(() => [0]),
    componentNames: Object.keys(seed),
    nextComponent: [0],
    iteration: -1,
    fullEvals: 1,
    totalEvals: scores.length,
    discoveryEvals: [0],
    bestOutputs: outputs ? outputs.map((output) => [[0, output]]) : undefined,
  };
}

/**
 * Adds a fully evaluated candidate (gepa's `update_state_with_new_program`): it inherits the
 * furthest round-robin position of its parents and joins the front of every example where it
 * ties or beats the best score. Returns its index.
 *
 * @example
 * const index = addGepaCandidate(state, [0], candidate, scores, calls);
 */
export function addGepaCandidate(
  state: GepaState,
  parents: readonly number[],
  candidate: GepaCandidate,
  scores: readonly number[],
  discoveryEvals: number,
  outputs?: readonly (Record<string, unknown> | null)[],
): number {
  const index = state.candidates.length;
  state.candidates.push({ ...candidate });
  state.discoveryEvals.push(discoveryEvals);
  state.nextComponent.push(Math.max(0, ...parents.map((parent) => state.nextComponent[parent] as number)));
  state.parents.push([...parents]);
  state.valSubscores.push([...scores]);
  scores.forEach((score, example) => {
    const best = state.paretoFront[example] ?? Number.NEGATIVE_INFINITY;
    const output = outputs?.[example] ?? null;
    if (score > best) {
      state.paretoFront[example] = score;
      state.paretoPrograms[example] = [index];
      if (state.bestOutputs) state.bestOutputs[example] = [[index, output]];
    } else if (score === best) {
      const front = state.paretoPrograms[example] as number[];
      if (!front.includes(index)) front.push(index);
      state.bestOutputs?.[example]?.push([index, output]);
    }
  });
  return index;
}

/**
 * A candidate's average validation score (`get_program_average_val_subset`).
 *
 * @example
 * averageScore(state, 0); // 0.6667
 */
export function averageScore(state: GepaState, index: number): number {
  const scores = state.valSubscores[index] ?? [];
  if (scores.length === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const score of scores) sum += score;
  return sum / scores.length;
}

/**
 * Every candidate's average validation score (`program_full_scores_val_set`).
 *
 * @example
 * aggregateScores(state); // [0.5, 0.75]
 */
export function aggregateScores(state: GepaState): number[] {
  return state.candidates.map((_, index) => averageScore(state, index));
}

/**
 * The best candidate: the first with the highest average (`GEPAResult.best_idx`).
 *
 * @example
 * state.candidates[bestCandidateIndex(state)];
 */
export function bestCandidateIndex(state: GepaState): number {
  const scores = aggregateScores(state);
  let best = 0;
  for (let index = 1; index < scores.length; index++) {
    if ((scores[index] as number) > (scores[best] as number)) best = index;
  }
  return best;
}
