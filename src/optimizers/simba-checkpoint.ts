/**
 * SIMBA's state between steps as plain JSON: both generators, the data order, the program pool
 * (each program as its saved state, with its mini-batch scores) and the winners. Restoring it
 * continues the exact draws an uninterrupted run makes.
 */

import { deepcopyModule } from "../primitives/module-copy.js";
import type { NumpyPCG64State } from "../utils/numpy-pcg64.js";
import { isPlainObject } from "../utils/plain-object.js";
import type { PythonRandomState } from "../utils/python-random.js";
import type { Program } from "./program.js";

/** A finished step's record (DSPy's `trial_logs` entry). */
export interface SimbaTrialLog {
  /** Set for the steps whose winner was validated: its mean score on the trainset. */
  trainScore?: number;
}

/** Everything a resumed SIMBA run needs. */
export interface SimbaProgress {
  fingerprint: string;
  /** Steps finished. */
  step: number;
  rng: PythonRandomState;
  rngNp: NumpyPCG64State;
  dataIndices: number[];
  instanceIndex: number;
  /** The program pool in registration order: saved state and mini-batch scores. */
  pool: { state: Record<string, unknown>; scores: number[] }[];
  /** Saved states of the baseline and each step's winner. */
  winners: Record<string, unknown>[];
  trialLogs: SimbaTrialLog[];
  /** Trainset means of the validated winners so far (after the last step). */
  finalScores: number[];
}

/**
 * A program's saved state (what SIMBA changes: instructions and demos).
 *
 * @example
 * const state = saveProgram(candidate);
 */
export function saveProgram(program: Program): Record<string, unknown> {
  return program.dumpState();
}

/**
 * The program with a saved state, rebuilt from the student.
 *
 * @example
 * const program = loadProgram(student, state);
 */
export function loadProgram<P extends Program>(student: P, state: Record<string, unknown>): P {
  return deepcopyModule(student).loadState(state);
}

/**
 * A checkpoint read back, or `undefined` when it is missing, malformed or from another run.
 *
 * @example
 * const saved = readSimbaProgress(await context.restore("simba"), fingerprint);
 */
export function readSimbaProgress(value: unknown, fingerprint: string): SimbaProgress | undefined {
  if (!isPlainObject(value) || value.fingerprint !== fingerprint) return undefined;
  const fields = ["rng", "rngNp", "dataIndices", "pool", "winners", "trialLogs", "finalScores"];
  if (!fields.every((field) => field in value) || !Number.isInteger(value.step)) return undefined;
  if (!Array.isArray(value.pool) || !Array.isArray(value.winners)) return undefined;
  return value as unknown as SimbaProgress;
}
