import { DSPyError } from "../errors/dspy-error.js";
import type { PythonRandom } from "../utils/python-random.js";
import { frontMapping, idxmax, selectFromParetoFront } from "./gepa-pareto.js";
import { aggregateScores, type GepaState } from "./gepa-state.js";

/** How GEPA picks the candidate to mutate next (gepa's `candidate_selection_strategy`). */
export type GepaCandidateSelection = "pareto" | "current_best" | "epsilon_greedy" | "top_k_pareto";

/** Which components one reflective mutation rewrites (gepa's `module_selector`). */
export type GepaComponentSelection = "round_robin" | "all";

/**
 * Picks the parent of the next mutation, drawing from the shared GEPA RNG as gepa does:
 * `pareto` samples from the Pareto front weighted by how many examples each program leads,
 * `current_best` takes the best average, `epsilon_greedy` explores at random 10% of the time,
 * `top_k_pareto` samples the front restricted to the 5 best averages.
 *
 * @example
 * const parent = selectCandidate("pareto", state, rng);
 */
export function selectCandidate(strategy: GepaCandidateSelection, state: GepaState, rng: PythonRandom): number {
  const scores = aggregateScores(state);
  switch (strategy) {
    case "pareto":
      return selectFromParetoFront(frontMapping(state.paretoPrograms), scores, rng);
    case "current_best":
      return idxmax(scores);
    case "epsilon_greedy":
      return rng.random() < 0.1 ? rng.randint(0, state.candidates.length - 1) : idxmax(scores);
    case "top_k_pareto": {
      // Python's `sorted(..., reverse=True)` keeps ties in index order.
      const top = new Set(
        scores
          .map((score, index) => ({ score, index }))
          .sort((a, b) => b.score - a.score || a.index - b.index)
          .slice(0, 5)
          .map(({ index }) => index),
      );
      const fronts = frontMapping(state.paretoPrograms)
        .map((front) => front.filter((program) => top.has(program)))
        .filter((front) => front.length > 0);
      return fronts.length === 0 ? idxmax(scores) : selectFromParetoFront(fronts, scores, rng);
    }
    default:
      throw new DSPyError(
        `Unknown candidate_selector strategy: ${String(strategy)}. Supported strategies: 'pareto', 'current_best', 'epsilon_greedy', 'top_k_pareto'`,
        { code: "value_error" },
      );
  }
}

/**
 * The components to rewrite for a parent: `round_robin` takes the parent's next one (and advances
 * it), `all` takes every component.
 *
 * @example
 * selectComponents("round_robin", state, parent); // ["predict"]
 */
export function selectComponents(strategy: GepaComponentSelection, state: GepaState, parent: number): string[] {
  if (strategy === "all") return Object.keys(state.candidates[parent] ?? {});
  if (strategy !== "round_robin") {
    throw new DSPyError(
      `Unknown module_selector strategy: ${String(strategy)}. Supported strategies: 'round_robin', 'all'`,
      { code: "value_error" },
    );
  }
  const next = state.nextComponent[parent] as number;
  state.nextComponent[parent] = (next + 1) % state.componentNames.length;
  return [state.componentNames[next] as string];
}

/** The epoch-shuffled minibatch sampler's state (plain JSON, checkpointed with the run). */
export interface EpochSamplerState {
  shuffledIds: number[];
  epoch: number;
  /** Count per id, in the order ids were first counted (Python's `Counter` order). */
  frequencies: [number, number][];
  lastTrainsetSize: number;
  currentIteration: number | null;
  callsInIteration: number;
}

/**
 * A fresh sampler state.
 *
 * @example
 * const sampler = emptySamplerState();
 */
export function emptySamplerState(): EpochSamplerState {
  return {
    shuffledIds: [],
    epoch: -1,
    frequencies: [],
    lastTrainsetSize: 0,
    currentIteration: null,
    callsInIteration: 0,
  };
}

/**
 * gepa's `EpochShuffledBatchSampler.next_minibatch_ids`: the trainset ids are shuffled once per
 * epoch (with the shared GEPA RNG), padded to a multiple of the minibatch size with the least
 * used ids, and iteration `i` reads the i-th slice.
 *
 * @example
 * const ids = nextMinibatch(sampler, { trainsetSize: 10, minibatchSize: 3, iteration: state.iteration, rng });
 */
export function nextMinibatch(
  sampler: EpochSamplerState,
  options: { trainsetSize: number; minibatchSize: number; iteration: number; rng: PythonRandom },
): number[] {
  const { trainsetSize, minibatchSize, iteration, rng } = options;
  if (trainsetSize === 0) {
    throw new DSPyError("Cannot sample a minibatch from an empty loader.", { code: "value_error" });
  }
  if (iteration === sampler.currentIteration) sampler.callsInIteration += 1;
  else {
    sampler.currentIteration = iteration;
    sampler.callsInIteration = 0;
  }
  let base = iteration * minibatchSize;
  const epoch = sampler.epoch === -1 ? 0 : Math.floor(base / Math.max(sampler.shuffledIds.length, 1));
  if (sampler.shuffledIds.length === 0 || trainsetSize !== sampler.lastTrainsetSize || epoch > sampler.epoch) {
    sampler.epoch = epoch;
    reshuffle(sampler, trainsetSize, minibatchSize, rng);
  }
  base = (base + sampler.callsInIteration * minibatchSize) % sampler.shuffledIds.length;
  return sampler.shuffledIds.slice(base, base + minibatchSize);
}

function reshuffle(sampler: EpochSamplerState, size: number, minibatchSize: number, rng: PythonRandom): void {
  sampler.lastTrainsetSize = size;
  sampler.shuffledIds = Array.from({ length: size }, (_, index) => index);
  rng.shuffle(sampler.shuffledIds);
  const counts = new Map<number, number>(sampler.shuffledIds.map((id) => [id, 1]));
  const remainder = size % minibatchSize;
  const padding = remainder === 0 ? 0 : minibatchSize - remainder;
  for (let i = 0; i < padding; i++) {
    // `Counter.most_common()[::-1][0]`: the least used id, the last counted among ties.
    let pick = -1;
    let least = Number.POSITIVE_INFINITY;
    for (const [id, count] of counts) {
      if (count <= least) {
        least = count;
        pick = id;
      }
    }
    sampler.shuffledIds.push(pick);
    counts.set(pick, least + 1);
  }
  sampler.frequencies = [...counts];
}
