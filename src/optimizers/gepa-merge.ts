import type { PythonRandom } from "../utils/python-random.js";
import { findDominatorPrograms, frontMapping } from "./gepa-pareto.js";
import { aggregateScores, type GepaCandidate, type GepaState } from "./gepa-state.js";
import { pythonIntSetOrder } from "./python-int-set.js";

/** The merge proposer's bookkeeping (gepa's `MergeProposer` fields), checkpointed with the run. */
export interface GepaMergeState {
  mergesDue: number;
  totalMergesTested: number;
  lastIterFoundNewProgram: boolean;
  /** (id1, id2, ancestor) triplets already merged. */
  performedTriplets: [number, number, number][];
  /** (id1, id2, per-component source) descriptions already tried. */
  performedDescriptions: [number, number, number[]][];
}

/**
 * A merge state with nothing scheduled.
 *
 * @example
 * const merge = emptyMergeState();
 */
export function emptyMergeState(): GepaMergeState {
  return {
    mergesDue: 0,
    totalMergesTested: 0,
    lastIterFoundNewProgram: false,
    performedTriplets: [],
    performedDescriptions: [],
  };
}

/** A merged candidate and where it came from. */
export interface GepaMergeAttempt {
  candidate: GepaCandidate;
  id1: number;
  id2: number;
  ancestor: number;
}

// `get_ancestors`: the set filled depth-first, read back in set order.
function ancestors(parents: GepaState["parents"], node: number): number[] {
  const found: number[] = [];
  const visit = (current: number) => {
    for (const parent of parents[current] ?? []) {
      if (parent !== null && !found.includes(parent)) {
        found.push(parent);
        visit(parent);
      }
    }
  };
  visit(node);
  return pythonIntSetOrder(found);
}

// `set(a) & set(b)`: CPython walks the smaller set (the right one on a tie).
function intersection(a: readonly number[], b: readonly number[]): number[] {
  const [walk, other] = b.length <= a.length ? [pythonIntSetOrder(b), a] : [pythonIntSetOrder(a), b];
  return pythonIntSetOrder(walk.filter((value) => other.includes(value)));
}

function hasDesirablePredictors(candidates: readonly GepaCandidate[], ancestor: number, i: number, j: number) {
  return Object.keys(candidates[ancestor] ?? {}).some((name) => {
    const [a, x, y] = [candidates[ancestor]?.[name], candidates[i]?.[name], candidates[j]?.[name]];
    return (a === x || a === y) && x !== y;
  });
}

function sameTriplet(list: readonly (readonly unknown[])[], ...key: unknown[]): boolean {
  return list.some((entry) => JSON.stringify(entry) === JSON.stringify(key));
}

function findCommonAncestorPair(
  state: GepaState,
  merge: GepaMergeState,
  programs: readonly number[],
  scores: readonly number[],
  rng: PythonRandom,
): [number, number, number] | undefined {
  for (let attempt = 0; attempt < 10; attempt++) {
    if (programs.length < 2) return undefined;
    let [i, j] = rng.sample(programs, 2) as [number, number];
    if (i === j) continue;
    if (j < i) [i, j] = [j, i];
    const ofI = ancestors(state.parents, i);
    const ofJ = ancestors(state.parents, j);
    if (ofI.includes(j) || ofJ.includes(i)) continue;
    const common = intersection(ofI, ofJ).filter(
      (ancestor) =>
        !sameTriplet(merge.performedTriplets, i, j, ancestor) &&
        !(
          (scores[ancestor] as number) > (scores[i] as number) || (scores[ancestor] as number) > (scores[j] as number)
        ) &&
        hasDesirablePredictors(state.candidates, ancestor, i, j),
    );
    if (common.length > 0) {
      const [ancestor] = rng.choices(common, { k: 1, weights: common.map((index) => scores[index] as number) });
      return [i, j, ancestor as number];
    }
  }
  return undefined;
}

/**
 * gepa's `sample_and_attempt_merge_programs_by_common_predictors`: picks two Pareto-front
 * programs with a common ancestor and builds a candidate that takes, per component, the text
 * that moved away from the ancestor (the better parent's when both moved). Components are
 * walked in program order; gepa walks a Python `set` of names, whose order depends on string
 * hashing, which matters only when both parents changed a component and score the same.
 *
 * @example
 * const attempt = attemptMerge(state, merge, rng);
 */
export function attemptMerge(state: GepaState, merge: GepaMergeState, rng: PythonRandom): GepaMergeAttempt | undefined {
  const scores = aggregateScores(state);
  const programs = findDominatorPrograms(frontMapping(state.paretoPrograms), scores);
  if (programs.length < 2 || state.parents.length < 3) return undefined;
  // Two programs share at least this many validation ids under the full-evaluation policy.
  const overlap = (state.valSubscores[0]?.length ?? 0) >= 5;
  for (let attempt = 0; attempt < 10; attempt++) {
    const pair = findCommonAncestorPair(state, merge, programs, scores, rng);
    if (pair === undefined) continue;
    const [id1, id2, ancestor] = pair;
    if (sameTriplet(merge.performedTriplets, id1, id2, ancestor)) continue;
    const candidates = state.candidates;
    const merged: GepaCandidate = { ...candidates[ancestor] };
    const description: number[] = [];
    for (const name of Object.keys(merged)) {
      const [a, x, y] = [candidates[ancestor]?.[name], candidates[id1]?.[name], candidates[id2]?.[name]];
      let source: number;
      if ((a === x || a === y) && x !== y) source = a === x ? id2 : id1;
      else if (a !== x && a !== y) {
        const [s1, s2] = [scores[id1] as number, scores[id2] as number];
        source = s1 > s2 ? id1 : s2 > s1 ? id2 : rng.choice([id1, id2]);
      } else source = id1;
      merged[name] = candidates[source]?.[name] as string;
      description.push(source);
    }
    if (sameTriplet(merge.performedDescriptions, id1, id2, description)) continue;
    if (!overlap) continue;
    merge.performedDescriptions.push([id1, id2, description]);
    return { candidate: merged, id1, id2, ancestor };
  }
  return undefined;
}

/**
 * gepa's `select_eval_subsample_for_merged_program`: up to 5 validation ids, drawn evenly from
 * where parent 1 wins, where parent 2 wins and where they tie, topped up from the rest.
 *
 * @example
 * const ids = mergeSubsample(state.valSubscores[id1], state.valSubscores[id2], rng);
 */
export function mergeSubsample(
  scores1: readonly number[],
  scores2: readonly number[],
  rng: PythonRandom,
  size = 5,
): number[] {
  const common = pythonIntSetOrder(scores1.map((_, index) => index).filter((index) => index < scores2.length));
  const s1 = (index: number) => scores1[index] as number;
  const s2 = (index: number) => scores2[index] as number;
  const p1 = common.filter((index) => s1(index) > s2(index));
  const p2 = common.filter((index) => s2(index) > s1(index));
  const p3 = common.filter((index) => !p1.includes(index) && !p2.includes(index));
  const each = Math.max(1, Math.ceil(size / 3));
  let selected: number[] = [];
  for (const bucket of [p1, p2, p3]) {
    if (selected.length >= size) break;
    const available = bucket.filter((index) => !selected.includes(index));
    const take = Math.min(available.length, each, size - selected.length);
    if (take > 0) selected = [...selected, ...rng.sample(available, take)];
  }
  const remaining = size - selected.length;
  if (remaining > 0) {
    const unused = common.filter((index) => !selected.includes(index));
    if (unused.length >= remaining) selected = [...selected, ...rng.sample(unused, remaining)];
    else if (common.length > 0) selected = [...selected, ...rng.choices(common, { k: remaining })];
  }
  return selected.slice(0, size);
}
