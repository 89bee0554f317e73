import type { BaseLM } from "../lm/base-lm.js";
import { buildGepaProgram } from "./gepa-evaluate.js";
import type { GepaLMCalls, GepaProgress } from "./gepa-run.js";
import { aggregateScores, bestCandidateIndex } from "./gepa-state.js";
import type { Program } from "./program.js";
import { pythonIntSetOrder } from "./python-int-set.js";

/**
 * DSPy's `DspyGEPAResult`: every candidate GEPA accepted, with its lineage and validation
 * scores (attached as `detailedResults` with `trackStats`).
 */
export interface GEPADetailedResults<P extends Program = Program> {
  /** The accepted programs, the seed first. */
  candidates: P[];
  /** Per candidate, its instruction per predictor. */
  candidateInstructions: Record<string, string>[];
  /** Per candidate, its parents (`[null]` for the seed). */
  parents: (number | null)[][];
  /** Per candidate, its average validation score. */
  valAggregateScores: number[];
  /** Per candidate, its score on each validation example. */
  valSubscores: number[][];
  /** Per validation example, the candidates with its best score. */
  perValInstanceBestCandidates: number[][];
  /** Per validation example, the best score any candidate reached (DSPy's `highest_score_achieved_per_val_task`). */
  highestScoreAchievedPerValTask: number[];
  /** Per candidate, the metric calls spent when it was found. */
  discoveryEvalCounts: number[];
  /** With `trackBestOutputs`: per validation example, (candidate, outputs) with the best score. */
  bestOutputsValset?: [number, Record<string, unknown> | null][][] | undefined;
  totalMetricCalls: number;
  numFullValEvals: number;
  seed: number;
  bestIdx: number;
  bestCandidate: P;
  /** LM requests per role, with the model each role used. */
  lmCalls: {
    task: { model: string | undefined; calls: number };
    reflection: { model: string | undefined; calls: number };
  };
}

/** What `GEPA.compile` returns: the best program, with `detailedResults` when `trackStats` is on. */
export type GEPAResult<P extends Program> = P & { detailedResults?: GEPADetailedResults<P> };

/**
 * Builds the detailed results from the final state.
 *
 * @example
 * const details = gepaDetailedResults(student, progress, { seed: 0, taskLM, reflectionLM });
 */
export function gepaDetailedResults<P extends Program>(
  student: P,
  progress: GepaProgress,
  options: { seed: number; taskLM: BaseLM | undefined; reflectionLM: BaseLM | undefined },
): GEPADetailedResults<P> {
  const { state } = progress;
  const candidates = state.candidates.map((candidate) => buildGepaProgram(student, candidate));
  const bestIdx = bestCandidateIndex(state);
  return {
    candidates,
    candidateInstructions: state.candidates.map((candidate) => ({ ...candidate })),
    parents: state.parents.map((parents) => [...parents]),
    valAggregateScores: aggregateScores(state),
    valSubscores: state.valSubscores.map((scores) => [...scores]),
    perValInstanceBestCandidates: state.paretoPrograms.map((front) => pythonIntSetOrder(front)),
    highestScoreAchievedPerValTask: [...state.paretoFront],
    discoveryEvalCounts: [...state.discoveryEvals],
    bestOutputsValset: state.bestOutputs,
    totalMetricCalls: state.totalEvals,
    numFullValEvals: state.fullEvals,
    seed: options.seed,
    bestIdx,
    bestCandidate: candidates[bestIdx] as P,
    lmCalls: lmCallsByRole(progress.lmCalls, options.taskLM, options.reflectionLM),
  };
}

function lmCallsByRole(calls: GepaLMCalls, taskLM: BaseLM | undefined, reflectionLM: BaseLM | undefined) {
  return {
    task: { model: taskLM?.model, calls: calls.task },
    reflection: { model: reflectionLM?.model, calls: calls.reflection },
  };
}

/**
 * An LM that counts its requests into `calls[role]` and otherwise is `lm` (same model, settings
 * and class), so GEPA can report task and reflection calls separately.
 *
 * @example
 * const counted = countingLM(lm, progress.lmCalls, "task");
 */
export function countingLM(lm: BaseLM, calls: GepaLMCalls, role: keyof GepaLMCalls): BaseLM {
  return new Proxy(lm, {
    get(target, property) {
      if (property === "call") {
        return (...args: Parameters<BaseLM["call"]>) => {
          calls[role] += 1;
          return target.call(...args);
        };
      }
      if (property === "stream" && typeof target.stream === "function") {
        return (...args: Parameters<NonNullable<BaseLM["stream"]>>) => {
          calls[role] += 1;
          return target.stream?.(...args);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
