/**
 * COPRO's search state as plain JSON: every proposal, every evaluated candidate, the position in
 * the depth × predictor × candidate loop. A checkpoint of it lets a resumed run skip the
 * evaluations already paid for and reach the same result.
 */

import { createHash } from "node:crypto";
import type { Example } from "../primitives/example.js";
import { pyPstdev } from "../utils/py-statistics.js";
import { pyStrip } from "../utils/py-string.js";
import { floatRepr } from "../utils/python-repr.js";

/** One proposal: instruction and last-field prefix, as the prompt model wrote them. */
export type Proposal = readonly [instruction: string, prefix: string];

/** One scored (instruction, prefix) for one predictor: DSPy's `evaluated_candidates` entry. */
export interface EvaluatedCandidate {
  /** Stripped of quotes and whitespace, as scored and as shown to the prompt model. */
  instruction: string;
  prefix: string;
  score: number;
  /** The depth it was (last) scored at. */
  depth: number;
  /** Every predictor's (instruction, prefix) in the program that was scored. */
  program: Proposal[];
}

/** COPRO's per-depth statistics for one predictor (`results_best` / `results_latest`). */
export interface CoproStats {
  depth: number[];
  max: number[];
  average: number[];
  min: number[];
  std: number[];
}

/** Where the search is, and everything it has seen. */
export interface CoproProgress {
  fingerprint: string;
  /** Per predictor: every proposal so far, the original instruction included. */
  all: Proposal[][];
  /** Per predictor: the most recent batch. */
  latest: Proposal[][];
  /** Per predictor: scored candidates, in first-scored order. */
  evaluated: EvaluatedCandidate[][];
  /** The program being edited: each predictor's current (instruction, prefix). */
  current: Proposal[];
  /** The next evaluation: depth, predictor, candidate. */
  depth: number;
  predictor: number;
  candidate: number;
  /** Scores of the newest candidates at this depth (DSPy resets it per depth, not per predictor). */
  latestScores: number[];
  totalCalls: number;
  resultsBest: CoproStats[];
  resultsLatest: CoproStats[];
}

/**
 * A key for what the run depends on, so a checkpoint from another run is never resumed.
 *
 * @example
 * coproFingerprint(trainset, { breadth: 10, depth: 3 });
 */
export function coproFingerprint(trainset: readonly Example[], settings: Record<string, unknown>): string {
  const text = JSON.stringify({ trainset: trainset.map((example) => example.toDict()), settings });
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A fresh statistics record.
 *
 * @example
 * const stats = emptyStats(); appendStats(stats, 0, [40, 100]);
 */
export function emptyStats(): CoproStats {
  return { depth: [], max: [], average: [], min: [], std: [] };
}

/**
 * Appends one depth's max, average (Python's left-to-right `sum`), min and `statistics.pstdev`.
 *
 * @example
 * appendStats(stats, 1, [100, 40, 0, 0]); // std 40.92676385936225
 */
export function appendStats(stats: CoproStats, depth: number, scores: readonly number[]): void {
  stats.depth.push(depth);
  stats.max.push(Math.max(...scores));
  stats.average.push(scores.reduce((a, b) => a + b, 0) / scores.length);
  stats.min.push(Math.min(...scores));
  stats.std.push(pyPstdev(scores));
}

/**
 * The candidates sorted by score, best first; equal scores keep their order (Python's stable
 * `sort(reverse=True)`).
 *
 * @example
 * byScore(progress.evaluated[0]).slice(0, 10);
 */
export function byScore<T extends { score: number }>(candidates: readonly T[]): T[] {
  return [...candidates].sort((a, b) => b.score - a.score);
}

/**
 * The `attempted_instructions` input: the best `min(breadth, count)` candidates, worst first, as
 * `Instruction #i`, `Prefix #i`, `Resulting Score #i` lines (scores as Python prints floats).
 *
 * @example
 * attempts(progress.evaluated[0], 10); // ["Instruction #1: …", "Prefix #1: …", "Resulting Score #1: 40.0", …]
 */
export function attempts(evaluated: readonly EvaluatedCandidate[], breadth: number): string[] {
  const best = byScore(evaluated);
  const shortest = Math.min(evaluated.length, breadth);
  const lines: string[] = [];
  for (let i = shortest - 1; i >= 0; i--) {
    const candidate = best[i] as EvaluatedCandidate;
    const rank = shortest - i;
    lines.push(`Instruction #${rank}: ${candidate.instruction}`);
    lines.push(`Prefix #${rank}: ${candidate.prefix}`);
    lines.push(`Resulting Score #${rank}: ${floatRepr(candidate.score)}`);
  }
  return lines;
}

/**
 * A proposal as COPRO scores it: `"` characters, then whitespace, stripped from both ends.
 *
 * @example
 * cleanProposal('  "Be brief."  '); // "Be brief."
 */
export function cleanProposal(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '"') start++;
  while (end > start && text[end - 1] === '"') end--;
  return pyStrip(text.slice(start, end));
}
