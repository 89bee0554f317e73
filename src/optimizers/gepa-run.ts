import type { RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import type { PythonRandom, PythonRandomState } from "../utils/python-random.js";
import type { GepaEvaluation, GepaFeedbackMetric } from "./gepa-evaluate.js";
import type { GepaProposalFn } from "./gepa-instruction-proposal.js";
import type { GepaMergeState } from "./gepa-merge.js";
import type { GepaCandidate, GepaState } from "./gepa-state.js";
import type { EpochSamplerState, GepaCandidateSelection, GepaComponentSelection } from "./gepa-strategies.js";
import type { OptimizerLogger } from "./optimizer-logger.js";
import type { Program } from "./program.js";

/** GEPA's settings once defaults are applied. */
export interface GepaSettings {
  maxMetricCalls: number;
  minibatchSize: number;
  candidateSelection: GepaCandidateSelection;
  componentSelection: GepaComponentSelection;
  perfectScore: number;
  skipPerfectScore: boolean;
  failureScore: number;
  addFormatFailureAsFeedback: boolean;
  useMerge: boolean;
  maxMergeInvocations: number;
  trackBestOutputs: boolean;
  acceptanceCriterion: GepaAcceptanceCriterion;
}

/** When a child beats its parent on the minibatch (gepa's `acceptance_criterion`). */
export type GepaAcceptanceCriterion = "strict_improvement" | "improvement_or_equal";

/** LM requests made so far, per role. */
export interface GepaLMCalls {
  task: number;
  reflection: number;
}

/** Everything a GEPA run must carry across a crash: the checkpoint. */
export interface GepaProgress {
  fingerprint: string;
  state: GepaState;
  sampler: EpochSamplerState;
  merge: GepaMergeState;
  /** gepa's shared RNG (candidate selection, minibatches, merges). */
  rng: PythonRandomState;
  /** DSPy's adapter RNG (which trace step a reflective example shows). */
  adapterRng: PythonRandomState;
  warnScoreMismatch: boolean;
  lmCalls: GepaLMCalls;
}

/** What one GEPA iteration did. */
export interface GepaIterationOutcome {
  kind: "reflective" | "merge";
  accepted: boolean;
  /** Why nothing was evaluated, when the iteration stopped early. */
  skipped?: string | undefined;
  parents: number[];
  /** Index of the new candidate, when accepted. */
  candidate?: number | undefined;
  /** Sum of scores on the minibatch (or merge subsample) before and after. */
  subsampleBefore?: number | undefined;
  subsampleAfter?: number | undefined;
  /** Examples in the minibatch (or merge subsample). */
  subsampleSize?: number | undefined;
  /** Average validation score of the new candidate, when accepted. */
  valScore?: number | undefined;
  proposal?: GepaCandidate | undefined;
}

/** The live objects of a run: settings, data, RNGs and the evaluation hook. */
export interface GepaRun {
  student: Program;
  trainset: readonly Example[];
  valset: readonly Example[];
  metric: GepaFeedbackMetric;
  settings: GepaSettings;
  progress: GepaProgress;
  rng: PythonRandom;
  adapterRng: PythonRandom;
  propose: GepaProposalFn;
  /** The models behind the task and reflection roles (for reports). */
  models: { task: string | undefined; reflection: string | undefined };
  logger: OptimizerLogger;
  context: RunContext;
  /** Runs a candidate on a batch with the task LM (counted). */
  evaluate(candidate: GepaCandidate, batch: readonly Example[], captureTraces: boolean): Promise<GepaEvaluation>;
}

/**
 * Python's `sum()` of a score list.
 *
 * @example
 * sumScores([1, 0, 1]); // 2
 */
export function sumScores(scores: readonly number[]): number {
  let total = 0;
  for (const score of scores) total += score;
  return total;
}
