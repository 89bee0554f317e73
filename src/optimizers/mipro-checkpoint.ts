/**
 * MIPROv2's checkpoints as plain JSON: the demo sets after bootstrapping, the instruction
 * candidates after proposing, and the search after every trial — the TPE study's trials, both of
 * its generators and the shared CPython generator — so a resumed run makes the draws an
 * uninterrupted run makes and never repeats a finished phase.
 */

import { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import { isPlainObject } from "../utils/plain-object.js";
import type { PythonRandomState } from "../utils/python-random.js";
import type { PredictorDemo } from "./predictor-demos.js";
import type { Program } from "./program.js";
import type { TPESamplerState } from "./tpe-sampler.js";
import type { CategoricalChoice } from "./tpe-types.js";

/** Checkpoint keys, one per phase. */
export const MIPRO_KEYS = { demos: "mipro:demos", instructions: "mipro:instructions", search: "mipro:search" } as const;

/** A finished phase: its output and the shared generator's state after it. */
export interface MiproPhase<T> {
  fingerprint: string;
  value: T;
  rng: PythonRandomState;
}

/** A finished trial of the study, enough to rebuild it with `addTrial`. */
export interface SavedTrial {
  params: Record<string, CategoricalChoice>;
  distributions: Record<string, readonly CategoricalChoice[]>;
  value: number;
}

/** The search after a trial. */
export interface MiproSearchProgress {
  fingerprint: string;
  /** Trials of the loop finished (the default program's evaluation is done once this exists). */
  done: number;
  trials: SavedTrial[];
  sampler: TPESamplerState;
  rng: PythonRandomState;
  bestScore: number;
  bestProgram: Record<string, unknown>;
  scoreData: { score: number; program: Record<string, unknown>; fullEval: boolean }[];
  paramScores: [
    key: string,
    entry: { scores: number[]; program: Record<string, unknown>; params: Record<string, number> },
  ][];
  fullyEvaluated: string[];
}

/**
 * Demo sets as JSON (each demo's fields).
 *
 * @example
 * const saved = saveDemoSets(demoCandidates);
 */
export function saveDemoSets(sets: readonly PredictorDemo[][][]): Record<string, unknown>[][][] {
  return sets.map((perPredictor) =>
    perPredictor.map((set) => set.map((demo) => (demo instanceof Example ? demo.toDict() : { ...demo }))),
  );
}

/**
 * Demo sets back as `Example`s, as bootstrapping made them.
 *
 * @example
 * const demoCandidates = loadDemoSets(saved);
 */
export function loadDemoSets(sets: readonly Record<string, unknown>[][][]): PredictorDemo[][][] {
  return sets.map((perPredictor) => perPredictor.map((set) => set.map((demo) => new Example(demo))));
}

/**
 * A phase's checkpoint read back, or `undefined` when missing or from another run.
 *
 * @example
 * const saved = readPhase<string[][]>(await context.restore(MIPRO_KEYS.instructions), fingerprint);
 */
export function readPhase<T>(value: unknown, fingerprint: string): MiproPhase<T> | undefined {
  if (!isPlainObject(value) || value.fingerprint !== fingerprint || !("value" in value) || !Array.isArray(value.rng)) {
    return undefined;
  }
  return value as unknown as MiproPhase<T>;
}

/**
 * The search checkpoint read back, or `undefined` when missing, malformed or from another run.
 *
 * @example
 * const saved = readSearch(await context.restore(MIPRO_KEYS.search), fingerprint);
 */
export function readSearch(value: unknown, fingerprint: string): MiproSearchProgress | undefined {
  if (!isPlainObject(value) || value.fingerprint !== fingerprint || !Number.isInteger(value.done)) return undefined;
  const arrays = ["trials", "rng", "scoreData", "paramScores", "fullyEvaluated"];
  if (!arrays.every((key) => Array.isArray(value[key])) || !isPlainObject(value.sampler)) return undefined;
  return value as unknown as MiproSearchProgress;
}

/**
 * A program with a saved state (instructions and demos), rebuilt from the base program.
 *
 * @example
 * const best = reviveProgram(program, saved.bestProgram);
 */
export function reviveProgram<P extends Program>(base: P, state: Record<string, unknown>): P {
  const program = deepcopyModule(base).loadState(state);
  // Loaded demos are plain objects; the search's own candidates hold Examples.
  for (const predictor of program.predictors() as unknown as { demos?: PredictorDemo[] }[]) {
    if (predictor.demos) predictor.demos = predictor.demos.map((d) => (d instanceof Example ? d : new Example(d)));
  }
  return program;
}
