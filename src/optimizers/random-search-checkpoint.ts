import type { Example } from "../primitives/example.js";
import { resetCopy } from "../primitives/module-copy.js";
import { isPlainObject } from "../utils/plain-object.js";
import { bootstrapFingerprint } from "./bootstrap-checkpoint.js";
import type { Program } from "./program.js";

/** A scored candidate of the random search. */
export interface SearchCandidate<P extends Program> {
  score: number;
  subscores: number[];
  seed: number;
  program: P;
}

/** A candidate as checkpointed: its program as DSPy's saved state (demos per predictor). */
interface SavedCandidate {
  score: number;
  subscores: number[];
  seed: number;
  compiled: boolean;
  state: Record<string, unknown>;
}

/** The random search's checkpoint: every finished candidate and which one leads. */
export interface SearchProgress {
  fingerprint: string;
  bestIndex: number;
  candidates: SavedCandidate[];
}

/**
 * Identifies a search (trainset, valset, settings), so a checkpoint of another search is never
 * resumed.
 *
 * @example
 * searchFingerprint(trainset, valset, { seeds });
 */
export function searchFingerprint(
  trainset: readonly Example[],
  valset: readonly Example[],
  settings: Record<string, unknown>,
): string {
  return bootstrapFingerprint(trainset, { ...settings, valset: valset.map((example) => example.toDict()) });
}

/**
 * The checkpoint after a candidate: programs are saved as their state, which is all a candidate
 * differs in from the student.
 *
 * @example
 * await context.checkpoint("search", saveSearchProgress(fingerprint, candidates, bestIndex));
 */
export function saveSearchProgress<P extends Program>(
  fingerprint: string,
  candidates: readonly SearchCandidate<P>[],
  bestIndex: number,
): SearchProgress {
  return {
    fingerprint,
    bestIndex,
    candidates: candidates.map(savedCandidate),
  };
}

/**
 * The checkpoint of one candidate finished ahead of the search's progress (an earlier seed is
 * still running), so a resumed search need not build and score it again.
 *
 * @example
 * await inner.checkpoint("candidate", saveFinishedCandidate(fingerprint, candidate));
 */
export function saveFinishedCandidate<P extends Program>(fingerprint: string, candidate: SearchCandidate<P>) {
  return { fingerprint, candidate: savedCandidate(candidate) };
}

/**
 * Reads {@link saveFinishedCandidate}'s checkpoint back, or `undefined` when it is missing,
 * malformed or from another search.
 *
 * @example
 * const finished = loadFinishedCandidate(await inner.restore("candidate"), fingerprint, seed);
 */
export function loadFinishedCandidate(
  value: unknown,
  fingerprint: string,
  seed: number,
): RestoredCandidate | undefined {
  if (!isPlainObject(value) || value.fingerprint !== fingerprint) return undefined;
  const saved = value.candidate;
  return isSavedCandidate(saved) && saved.seed === seed ? restored(saved) : undefined;
}

function savedCandidate<P extends Program>({ score, subscores, seed, program }: SearchCandidate<P>): SavedCandidate {
  return { score, subscores, seed, compiled: program.compiled, state: program.dumpState() };
}

function restored(saved: SavedCandidate): RestoredCandidate {
  return {
    revive: <P extends Program>(student: P) => {
      const program = resetCopy(student).loadState(saved.state);
      program.compiled = saved.compiled;
      return { score: saved.score, subscores: saved.subscores, seed: saved.seed, program };
    },
  };
}

/** A restored candidate, rebuilt from the student on demand. */
export interface RestoredCandidate {
  revive<P extends Program>(student: P): SearchCandidate<P>;
}

/**
 * Reads a checkpoint back, or `undefined` when it is missing, malformed or from another search.
 *
 * @example
 * const saved = loadSearchProgress(await context.restore("search"), fingerprint);
 * const candidates = saved?.candidates.map((entry) => entry.revive(student));
 */
export function loadSearchProgress(
  value: unknown,
  fingerprint: string,
): { bestIndex: number; candidates: RestoredCandidate[] } | undefined {
  if (!isPlainObject(value) || value.fingerprint !== fingerprint || !Array.isArray(value.candidates)) return undefined;
  const candidates = value.candidates as unknown[];
  const bestIndex = value.bestIndex;
  if (!Number.isInteger(bestIndex) || (bestIndex as number) < 0 || (bestIndex as number) >= candidates.length)
    return undefined;
  if (!candidates.every(isSavedCandidate)) return undefined;
  return {
    bestIndex: bestIndex as number,
    candidates: candidates.map(restored),
  };
}

function isSavedCandidate(value: unknown): value is SavedCandidate {
  return (
    isPlainObject(value) &&
    typeof value.score === "number" &&
    Array.isArray(value.subscores) &&
    Number.isInteger(value.seed) &&
    typeof value.compiled === "boolean" &&
    isPlainObject(value.state)
  );
}
