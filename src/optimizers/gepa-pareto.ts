import { DSPyError } from "../errors/dspy-error.js";
import type { PythonRandom } from "../utils/python-random.js";
import { pythonIntSetOrder } from "./python-int-set.js";

/**
 * The Pareto front per validation example: the indices of the programs with that example's best
 * score. Each front lists its members in the order CPython's `set` iterates them, because GEPA
 * samples from lists built by iterating these sets, and the same seed must pick the same program.
 */
export type ParetoFronts = readonly (readonly number[])[];

/**
 * GEPA's `idxmax`: the index of the first highest value.
 *
 * @example
 * idxmax([0.5, 0.8, 0.8]); // 1
 */
export function idxmax(values: readonly number[]): number {
  if (values.length === 0) throw new DSPyError("max() arg is an empty sequence", { code: "value_error" });
  let best = 0;
  for (let index = 1; index < values.length; index++) {
    if ((values[index] as number) > (values[best] as number)) best = index;
  }
  return best;
}

// `y` is dominated when every front holding it also holds one of `others`.
function isDominated(y: number, others: ReadonlySet<number>, fronts: ParetoFronts): boolean {
  for (const front of fronts) {
    if (!front.includes(y)) continue;
    if (!front.some((program) => others.has(program))) return false;
  }
  return true;
}

/**
 * GEPA's `remove_dominated_programs`: drops, weakest first, every program whose fronts are all
 * covered by other surviving programs; each front keeps its survivors (in set order).
 *
 * @example
 * removeDominatedPrograms([[0, 1], [1]], [0.5, 0.9]); // [[1], [1]]
 */
export function removeDominatedPrograms(fronts: ParetoFronts, scores: readonly number[]): number[][] {
  const seen: number[] = [];
  for (const front of fronts) for (const program of front) if (!seen.includes(program)) seen.push(program);
  // Python's `sorted` is stable: ties keep their first-seen order.
  const programs = seen
    .map((program, order) => ({ program, order }))
    .sort((a, b) => (scores[a.program] as number) - (scores[b.program] as number) || a.order - b.order)
    .map(({ program }) => program);
  const dominated = new Set<number>();
  let found = true;
  while (found) {
    found = false;
    for (const y of programs) {
      if (dominated.has(y)) continue;
      const others = new Set(programs.filter((program) => program !== y && !dominated.has(program)));
      if (isDominated(y, others, fronts)) {
        dominated.add(y);
        found = true;
        break;
      }
    }
  }
  // A set comprehension over each front: a new set, filled in the old one's order.
  return fronts.map((front) => pythonIntSetOrder(front.filter((program) => !dominated.has(program))));
}

/**
 * GEPA's `find_dominator_programs`: the programs left on some front once dominated ones are
 * removed, in the order of `list(set(...))`.
 *
 * @example
 * findDominatorPrograms([[0, 1], [2]], [0.1, 0.5, 0.4]); // [1, 2]
 */
export function findDominatorPrograms(fronts: ParetoFronts, scores: readonly number[]): number[] {
  return pythonIntSetOrder(removeDominatedPrograms(fronts, scores).flat());
}

/**
 * GEPA's `select_program_candidate_from_pareto_front`: after removing dominated programs, each
 * survivor appears once per front it is on, and one entry is drawn with `rng.choice` — programs
 * that are best on more examples are picked more often.
 *
 * @example
 * selectFromParetoFront([[0], [1], [1]], [0.3, 0.6], rng); // 1 two times in three
 */
export function selectFromParetoFront(fronts: ParetoFronts, scores: readonly number[], rng: PythonRandom): number {
  const frequency = new Map<number, number>();
  for (const front of removeDominatedPrograms(fronts, scores)) {
    for (const program of front) frequency.set(program, (frequency.get(program) ?? 0) + 1);
  }
  const sampling: number[] = [];
  for (const [program, count] of frequency) for (let i = 0; i < count; i++) sampling.push(program);
  if (sampling.length === 0) {
    throw new DSPyError("GEPA found no program on the Pareto front.", { code: "value_error" });
  }
  return rng.choice(sampling);
}

/**
 * Copies the fronts as `state.get_pareto_front_mapping()` does (`set(front)` per example), so
 * later iteration follows the copies' order.
 *
 * @example
 * frontMapping(state.paretoPrograms);
 */
export function frontMapping(fronts: ParetoFronts): number[][] {
  return fronts.map((front) => pythonIntSetOrder(front));
}
