import { createHash } from "node:crypto";
import { DSPyError } from "../errors/dspy-error.js";
import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { BaseLM } from "../lm/base-lm.js";
import { settings, context as settingsContext } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import type { Signature } from "../signatures/signature.js";
import { PythonRandom } from "../utils/python-random.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { type GepaAutoMode, resolveGepaBudget } from "./gepa-auto-budget.js";
import { buildGepaProgram, evaluateCandidate, type GepaFeedbackMetric } from "./gepa-evaluate.js";
import { type GepaProposalFn, InstructionProposer } from "./gepa-instruction-proposal.js";
import { gepaIteration, plainOutput } from "./gepa-iteration.js";
import { emptyMergeState } from "./gepa-merge.js";
import { countingLM, type GEPAResult, gepaDetailedResults } from "./gepa-result.js";
import type { GepaAcceptanceCriterion, GepaIterationOutcome, GepaProgress, GepaRun, GepaSettings } from "./gepa-run.js";
import { averageScore, bestCandidateIndex, type GepaCandidate, initialGepaState } from "./gepa-state.js";
import { emptySamplerState, type GepaCandidateSelection, type GepaComponentSelection } from "./gepa-strategies.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import type { Program } from "./program.js";

/** GEPA's constructor options (DSPy's arguments, camelCased; defaults are DSPy 3.4.1's). */
export interface GEPAOptions {
  /** Scores a prediction, optionally with textual feedback (see {@link GepaFeedbackMetric}). */
  metric: GepaFeedbackMetric;
  /** Budget preset; exactly one of `auto`, `maxFullEvals`, `maxMetricCalls` must be set. */
  auto?: GepaAutoMode | undefined;
  /** Budget as full evaluations of trainset + valset. */
  maxFullEvals?: number | undefined;
  /** Budget as metric calls (program rollouts). */
  maxMetricCalls?: number | undefined;
  /** Examples per reflective minibatch (default 3). */
  reflectionMinibatchSize?: number;
  candidateSelectionStrategy?: GepaCandidateSelection;
  /** Writes the new instructions; required unless `instructionProposer` is given. */
  reflectionLM?: BaseLM | undefined;
  /** Skip reflection when the parent is perfect on the whole minibatch (default true). */
  skipPerfectScore?: boolean;
  /** Show answers that failed to parse to the reflection LM (default false). */
  addFormatFailureAsFeedback?: boolean;
  /** Replaces the default {@link InstructionProposer}; runs with the reflection LM in context. */
  instructionProposer?: GepaProposalFn | undefined;
  componentSelector?: GepaComponentSelection;
  /** Merge Pareto-front descendants of a common ancestor (default true). */
  useMerge?: boolean;
  maxMergeInvocations?: number;
  /** Examples evaluated at once (default 8). */
  numThreads?: number | undefined;
  /** Score of an example whose program raised (default 0). */
  failureScore?: number;
  /** The best score a metric can give (default 1). */
  perfectScore?: number;
  /** Attach `detailedResults` to the returned program (default false). */
  trackStats?: boolean;
  /** Keep the best outputs per validation example (needs `trackStats`). */
  trackBestOutputs?: boolean;
  /** Warn once when a predictor-level score differs from the example's (default true). */
  warnOnScoreMismatch?: boolean;
  /** Keep a child that ties its parent on the minibatch too (gepa's `acceptance_criterion`, default strict). */
  acceptanceCriterion?: GepaAcceptanceCriterion;
  /** Seeds gepa's RNG and DSPy's adapter RNG (default 0). */
  seed?: number;
  logger?: OptimizerLogger | undefined;
}

/** What `compile` takes besides the student. */
export interface GEPACompileOptions {
  trainset: readonly Example[];
  /** Tracks the Pareto scores; defaults to the trainset. */
  valset?: readonly Example[] | undefined;
}

const CHECKPOINT_KEY = "gepa";

/**
 * DSPy 3.4.1's GEPA (reflective prompt evolution, on gepa 0.1.4's engine): evaluates a parent
 * picked from the Pareto front on a minibatch while recording traces, shows each predictor's
 * inputs, outputs and the metric's feedback to a reflection LM, which writes a new instruction;
 * the child is kept if it beats the parent on the minibatch and then scored on the valset.
 * Merges combine descendants of a common ancestor. Same RNG draws as Python for the same seed.
 *
 * As a job: `trial-start`/`trial-end` per iteration (with the candidate's score and what was
 * accepted), a checkpoint after each, so a resumed run ends with the uninterrupted program.
 *
 * @example
 * const gepa = new GEPA({ metric, auto: "light", reflectionLM });
 * const best = await context({ lm }, () => gepa.compile(new ChainOfThought("question -> answer"), { trainset, valset }));
 */
export class GEPA {
  readonly options: Readonly<GEPAOptions>;
  readonly #settings: Omit<GepaSettings, "maxMetricCalls">;

  constructor(options: GEPAOptions) {
    const budgets = [options.auto, options.maxFullEvals, options.maxMetricCalls].filter((value) => value !== undefined);
    if (budgets.length !== 1) {
      throw new DSPyError(
        `Exactly one of max_metric_calls, max_full_evals, auto must be set. You set max_metric_calls=${options.maxMetricCalls ?? "None"}, max_full_evals=${options.maxFullEvals ?? "None"}, auto=${options.auto ?? "None"}.`,
        { code: "value_error", pythonType: "AssertionError" },
      );
    }
    if (!options.reflectionLM && !options.instructionProposer) {
      throw new DSPyError("GEPA requires a reflection language model, or custom instruction proposer to be provided.", {
        code: "value_error",
        pythonType: "AssertionError",
      });
    }
    if (options.trackBestOutputs && !options.trackStats) {
      throw new DSPyError("track_stats must be True if track_best_outputs is True.", { code: "value_error" });
    }
    this.options = options;
    this.#settings = {
      minibatchSize: options.reflectionMinibatchSize ?? 3,
      candidateSelection: options.candidateSelectionStrategy ?? "pareto",
      componentSelection: options.componentSelector ?? "round_robin",
      perfectScore: options.perfectScore ?? 1,
      skipPerfectScore: options.skipPerfectScore ?? true,
      failureScore: options.failureScore ?? 0,
      addFormatFailureAsFeedback: options.addFormatFailureAsFeedback ?? false,
      useMerge: options.useMerge ?? true,
      maxMergeInvocations: options.maxMergeInvocations ?? 5,
      trackBestOutputs: options.trackBestOutputs ?? false,
      acceptanceCriterion: options.acceptanceCriterion ?? "strict_improvement",
    };
    if (!["strict_improvement", "improvement_or_equal"].includes(this.#settings.acceptanceCriterion)) {
      throw new DSPyError(
        `Unknown acceptance_criterion: ${String(options.acceptanceCriterion)}. Supported strategies: 'strict_improvement', 'improvement_or_equal'`,
        { code: "value_error" },
      );
    }
  }

  /**
   * Evolves the student's instructions; the student is untouched.
   *
   * @example
   * const best = await gepa.compile(student, { trainset, valset }, runContext);
   * best.detailedResults?.valAggregateScores;
   */
  compile<P extends Program>(
    student: P,
    options: GEPACompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<GEPAResult<P>> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(
    student: P,
    options: GEPACompileOptions,
    context: RunContext,
  ): Promise<GEPAResult<P>> {
    const { trainset } = options;
    if (trainset.length === 0) {
      throw new DSPyError("Trainset must be provided and non-empty", { code: "value_error" });
    }
    // DSPy's `valset or trainset`: an empty valset falls back to the trainset too.
    const valset = options.valset?.length ? options.valset : trainset;
    const logger = this.options.logger ?? silentInfoLogger;
    const seedCandidate: GepaCandidate = Object.fromEntries(
      student.namedPredictors().map(([name, predictor]) => {
        const signature = (predictor as unknown as { signature?: Signature }).signature;
        if (!signature) {
          throw new DSPyError(`Predictor '${name}' has no signature, so GEPA cannot evolve its instructions.`, {
            code: "invalid_program",
          });
        }
        return [name, signature.instructions];
      }),
    );
    if (Object.keys(seedCandidate).length === 0) {
      throw new DSPyError("seed_candidate must contain at least one component text.", { code: "value_error" });
    }
    const maxMetricCalls = resolveGepaBudget(this.options, {
      numComponents: Object.keys(seedCandidate).length,
      trainsetSize: trainset.length,
      valsetSize: options.valset?.length,
    });
    const fullEvalSize = options.valset ? trainset.length + options.valset.length : trainset.length;
    logger.info(
      `Running GEPA for approx ${maxMetricCalls} metric calls of the program. This amounts to ${(maxMetricCalls / fullEvalSize).toFixed(2)} full evals on the ${options.valset ? "train+val" : "train"} set.`,
    );
    const seed = this.options.seed ?? 0;
    const gepaSettings: GepaSettings = { ...this.#settings, maxMetricCalls };
    const fingerprint = createHash("sha256")
      .update(
        JSON.stringify({
          trainset: trainset.map((example) => example.toDict()),
          valset: valset.map((example) => example.toDict()),
          seedCandidate,
          gepaSettings,
          seed,
        }),
      )
      .digest("hex");
    const saved = context.resumed ? ((await context.restore(CHECKPOINT_KEY)) as GepaProgress | undefined) : undefined;
    const rng = new PythonRandom(seed);
    const adapterRng = new PythonRandom(seed);
    const baseTaskLM = settings().lm;
    const reflectionLM = this.options.reflectionLM;
    const progress: GepaProgress =
      saved?.fingerprint === fingerprint
        ? saved
        : {
            fingerprint,
            state: initialGepaState(seedCandidate, []),
            sampler: emptySamplerState(),
            merge: emptyMergeState(),
            rng: rng.getstate(),
            adapterRng: adapterRng.getstate(),
            warnScoreMismatch: this.options.warnOnScoreMismatch ?? true,
            lmCalls: { task: 0, reflection: 0 },
          };
    rng.setstate(progress.rng);
    adapterRng.setstate(progress.adapterRng);
    const taskLM = baseTaskLM ? countingLM(baseTaskLM, progress.lmCalls, "task") : undefined;
    const proposer = this.options.instructionProposer ?? new InstructionProposer().propose;
    const run: GepaRun = {
      student,
      trainset,
      valset,
      metric: this.options.metric,
      settings: gepaSettings,
      progress,
      rng,
      adapterRng,
      models: { task: baseTaskLM?.model, reflection: (reflectionLM ?? baseTaskLM)?.model },
      logger,
      context,
      evaluate: (candidate, batch, captureTraces) => {
        throwIfCancelled(context.signal, "GEPA");
        const call = () =>
          evaluateCandidate(buildGepaProgram(student, candidate), batch, {
            metric: this.options.metric,
            failureScore: gepaSettings.failureScore,
            captureTraces,
            concurrency: this.options.numThreads ?? 8,
            signal: context.signal,
          });
        return taskLM ? settingsContext({ lm: taskLM }, call) : call();
      },
      propose: (request) => {
        throwIfCancelled(context.signal, "GEPA");
        // DSPy's `reflection_lm or dspy.settings.lm`; either way its calls count as reflection calls.
        const base = reflectionLM ?? baseTaskLM;
        const lm = base ? countingLM(base, progress.lmCalls, "reflection") : undefined;
        return settingsContext({ lm }, () => proposer(request));
      },
    };
    context.setPartial(() => ({ candidates: progress.state.candidates, valScores: progress.state.valSubscores }));

    if (saved?.fingerprint !== fingerprint) await this.#evaluateSeed(run, seedCandidate);
    const { state } = progress;
    while (state.totalEvals < maxMetricCalls) {
      throwIfCancelled(context.signal, "GEPA");
      state.iteration += 1;
      const trial = state.iteration;
      context.emit({ type: "trial-start", trial, detail: { iteration: trial + 1 } });
      const outcome = await gepaIteration(run);
      progress.rng = rng.getstate();
      progress.adapterRng = adapterRng.getstate();
      await context.checkpoint(CHECKPOINT_KEY, progress);
      context.emit({ type: "trial-end", trial, score: trialScore(outcome), detail: trialDetail(outcome, run) });
      context.emit({ type: "progress-update", done: state.totalEvals, total: maxMetricCalls });
    }
    return this.#result(student, run, seed, baseTaskLM);
  }

  async #evaluateSeed(run: GepaRun, seedCandidate: GepaCandidate): Promise<void> {
    const evaluation = await run.evaluate(seedCandidate, run.valset, false);
    const outputs = run.settings.trackBestOutputs ? evaluation.outputs.map(plainOutput) : undefined;
    run.progress.state = initialGepaState(seedCandidate, evaluation.scores, outputs);
    const score = averageScore(run.progress.state, 0);
    run.logger.info(
      `Iteration 0: Base program full valset score: ${score} over ${run.valset.length} / ${run.valset.length} examples`,
    );
    run.progress.rng = run.rng.getstate();
    run.progress.adapterRng = run.adapterRng.getstate();
    await run.context.checkpoint(CHECKPOINT_KEY, run.progress);
    run.context.emit({
      type: "progress-update",
      done: run.progress.state.totalEvals,
      total: run.settings.maxMetricCalls,
      score,
    });
  }

  #result<P extends Program>(student: P, run: GepaRun, seed: number, taskLM: BaseLM | undefined): GEPAResult<P> {
    const { state } = run.progress;
    const best = buildGepaProgram(student, state.candidates[bestCandidateIndex(state)] as GepaCandidate);
    if (this.options.trackStats) {
      const details = gepaDetailedResults(student, run.progress, {
        seed,
        taskLM,
        reflectionLM: this.options.reflectionLM,
      });
      // Not enumerable: not part of the program's state (and it holds other programs).
      Object.defineProperty(best, "detailedResults", { value: details, configurable: true, writable: true });
    }
    return best as GEPAResult<P>;
  }
}

// The new candidate's validation average, else the minibatch average it (or its parent) got.
function trialScore(outcome: GepaIterationOutcome): number {
  if (outcome.valScore !== undefined) return outcome.valScore;
  return (outcome.subsampleAfter ?? outcome.subsampleBefore ?? 0) / Math.max(outcome.subsampleSize ?? 1, 1);
}

function trialDetail(outcome: GepaIterationOutcome, run: GepaRun): Record<string, unknown> {
  const { state, lmCalls } = run.progress;
  return {
    kind: outcome.kind,
    accepted: outcome.accepted,
    skipped: outcome.skipped,
    parents: outcome.parents,
    candidate: outcome.candidate,
    subsampleBefore: outcome.subsampleBefore,
    subsampleAfter: outcome.subsampleAfter,
    bestScore: averageScore(state, bestCandidateIndex(state)),
    candidates: state.candidates.length,
    metricCalls: state.totalEvals,
    lmCalls: {
      task: { model: run.models.task, calls: lmCalls.task },
      reflection: { model: run.models.reflection, calls: lmCalls.reflection },
    },
  };
}
