import PQueue from "p-queue";
import { DSPyError } from "../errors/dspy-error.js";
import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { BaseLM } from "../lm/base-lm.js";
import { getLM, setLM } from "../predict/module-lm.js";
import { type Settings, settings, context as settingsContext } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import { NumpyPCG64 } from "../utils/numpy-pcg64.js";
import { PythonRandom } from "../utils/python-random.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { coproFingerprint } from "./copro-state.js";
import { LMCallCounter } from "./lm-call-counter.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import type { OptimizerMetric, Program } from "./program.js";
import {
  loadProgram,
  readSimbaProgress,
  type SimbaProgress,
  type SimbaTrialLog,
  saveProgram,
} from "./simba-checkpoint.js";
import { averageScore, finalCandidateIndices, makeBuckets, softmaxSample, topKPlusBaseline } from "./simba-pool.js";
import { prepareModelsForResampling, runWrapped, scoreValue } from "./simba-rollout.js";
import { buildCandidate, type CandidateRecipe } from "./simba-step.js";
import type { SimbaStrategyName } from "./simba-strategies.js";

/** SIMBA's constructor options (DSPy's arguments, camelCased); defaults are DSPy 3.4.1's. */
export interface SIMBAOptions {
  metric: OptimizerMetric;
  /** Mini-batch size (default 32). */
  bsize?: number;
  /** New candidates per step, and trajectories sampled per example (default 6). */
  numCandidates?: number;
  /** Steps (default 8). */
  maxSteps?: number;
  /** Demos a predictor may hold before some are dropped; 0 disables `append_a_demo` (default 4). */
  maxDemos?: number;
  /** Writes the rules (default: the LM in context). */
  promptModel?: BaseLM | undefined;
  /** With an `lm`, the first trajectory sampler is that teacher LM. */
  teacherSettings?: Partial<Settings> | undefined;
  /** Input fields longer than this are truncated in new demos (default 100 000). */
  demoInputFieldMaxlen?: number;
  /** Program runs at once (default 8, DSPy's `settings.num_threads`). */
  numThreads?: number | undefined;
  /** Softmax temperature when picking programs to sample trajectories from (default 0.2). */
  temperatureForSampling?: number;
  /** Softmax temperature when picking the source of a new candidate (default 0.2). */
  temperatureForCandidates?: number;
  /**
   * The program source shown to the rule-writing LM (DSPy: `inspect.getsource` of the program's
   * class). Default: the program class's JavaScript source.
   */
  programCode?: string | undefined;
  logger?: OptimizerLogger | undefined;
}

/** What {@link SIMBA.compile} takes besides the student. */
export interface SIMBACompileOptions {
  trainset: readonly Example[];
  /** Seeds both generators (default 0). */
  seed?: number;
}

/** One validated winner (DSPy's `candidate_programs` entry). */
export interface SimbaCandidate<P extends Program = Program> {
  /** Mean metric over the trainset. */
  score: number;
  program: P;
}

/** The best program, with DSPy's attached attributes and the LM calls made, per model. */
export type SIMBAResult<P extends Program> = P & {
  readonly candidatePrograms: SimbaCandidate<P>[];
  readonly trialLogs: Record<number, SimbaTrialLog>;
  readonly lmCalls: Record<string, number>;
};

const CHECKPOINT_KEY = "simba";

/**
 * DSPy 3.4.1's SIMBA (Stochastic Introspective Mini-Batch Ascent). Each step samples a
 * mini-batch, runs `numCandidates` trajectories per example (programs from the pool picked by
 * softmax over their scores, LMs at temperature 1.0 with distinct rollout ids), takes the
 * examples whose outcomes vary most, and builds new candidates from them — a demo from the best
 * trajectory (`append_a_demo`) or a rule written by the prompt model from the better and worse
 * trajectory (`append_a_rule`). The candidates are scored on the same mini-batch and join the
 * pool; the step's best is a winner. Finally a spread of winners is scored on the whole trainset
 * and the best returned. Same seeds, same draws as DSPy (CPython `random`, NumPy PCG64 Poisson).
 *
 * Emits `trial-start`/`trial-end` per step (with the LM calls it made per model) and checkpoints
 * after each step and each final validation, so a resumed run continues the same draws.
 *
 * @example
 * const simba = new SIMBA({ metric: answerExactMatch, bsize: 8, numCandidates: 4, maxSteps: 4 });
 * const best = await context({ lm }, () => simba.compile(new Predict("question -> answer"), { trainset }));
 */
export class SIMBA {
  readonly options: Readonly<SIMBAOptions>;
  readonly bsize: number;
  readonly numCandidates: number;
  readonly maxSteps: number;
  readonly maxDemos: number;
  readonly strategies: readonly SimbaStrategyName[];

  constructor(options: SIMBAOptions) {
    this.options = { ...options };
    this.bsize = options.bsize ?? 32;
    this.numCandidates = options.numCandidates ?? 6;
    this.maxSteps = options.maxSteps ?? 8;
    this.maxDemos = options.maxDemos ?? 4;
    this.strategies = this.maxDemos > 0 ? ["append_a_demo_", "append_a_rule"] : ["append_a_rule"];
  }

  /**
   * Optimizes the student's instructions and demos; the student is untouched.
   *
   * @example
   * const best = await simba.compile(student, { trainset, seed: 0 }, runContext);
   */
  compile<P extends Program>(
    student: P,
    options: SIMBACompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<SIMBAResult<P>> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(
    student: P,
    options: SIMBACompileOptions,
    context: RunContext,
  ): Promise<SIMBAResult<P>> {
    const { trainset } = options;
    if (trainset.length < this.bsize) {
      throw new DSPyError(`Trainset too small: ${trainset.length} < ${this.bsize}`, {
        code: "value_error",
        pythonType: "AssertionError",
      });
    }
    const counter = new LMCallCounter();
    const lm = settings().lm;
    const scope: Partial<Settings> = lm ? { lm: counter.wrap(lm) } : {};
    const promptModel = this.options.promptModel ? counter.wrap(this.options.promptModel) : undefined;
    return settingsContext(scope, () => this.#run(student, options, context, counter, promptModel));
  }

  async #run<P extends Program>(
    student: P,
    options: SIMBACompileOptions,
    context: RunContext,
    counter: LMCallCounter,
    promptModel: BaseLM | undefined,
  ): Promise<SIMBAResult<P>> {
    const { trainset } = options;
    const seed = options.seed ?? 0;
    const logger = this.options.logger ?? silentInfoLogger;
    const C = this.numCandidates;
    const base = deepcopyModule(student);
    const fingerprint = coproFingerprint(trainset, { optimizer: "SIMBA", seed, ...this.#settingsKey() });
    const saved = context.resumed ? readSimbaProgress(await context.restore(CHECKPOINT_KEY), fingerprint) : undefined;
    const rng = new PythonRandom(seed);
    const rngNp = new NumpyPCG64(seed);
    const progress: SimbaProgress = saved ?? {
      fingerprint,
      step: 0,
      rng: rng.getstate(),
      rngNp: rngNp.getState(),
      dataIndices: [],
      instanceIndex: 0,
      pool: [{ state: saveProgram(base), scores: [] }],
      winners: [saveProgram(base)],
      trialLogs: [],
      finalScores: [],
    };
    if (saved) {
      rng.setstate(saved.rng);
      rngNp.setState(saved.rngNp);
    } else {
      progress.dataIndices = trainset.map((_, index) => index);
      rng.shuffle(progress.dataIndices);
    }
    const programs: P[] = progress.pool.map((entry, index) => (index === 0 ? base : loadProgram(student, entry.state)));
    const poolScores = progress.pool.map((entry) => entry.scores);
    context.setPartial(() => progress.pool.map((entry) => averageScore(entry.scores)));
    const runOptions = { metric: this.options.metric, signal: context.signal, warn: (m: string) => logger.info(m) };
    const runAll = (pairs: readonly (readonly [Program, Example])[]) =>
      runPool(pairs.length, this.options.numThreads ?? 8, context.signal, (i) => {
        const [program, example] = pairs[i] as readonly [Program, Example];
        return runWrapped(program, example, runOptions);
      });
    const recipe: CandidateRecipe = {
      maxDemos: this.maxDemos,
      strategies: this.strategies,
      rng,
      rngNp,
      promptModel,
      programCode: this.options.programCode ?? student.constructor.toString(),
      demoInputFieldMaxlen: this.options.demoInputFieldMaxlen ?? 100_000,
      log: (message) => logger.info(message),
      error: (message) => logger.error(message),
    };

    for (let step = progress.step; step < this.maxSteps; step++) {
      throwIfCancelled(context.signal, "SIMBA");
      const before = counter.snapshot();
      context.emit({ type: "trial-start", trial: step, detail: { phase: "step" } });
      logger.info(`Starting batch ${step + 1} of ${this.maxSteps}.`);
      if (progress.instanceIndex + this.bsize > trainset.length) {
        rng.shuffle(progress.dataIndices);
        progress.instanceIndex = 0;
      }
      const batchIndices = progress.dataIndices.slice(progress.instanceIndex, progress.instanceIndex + this.bsize);
      const batch = batchIndices.map((index) => trainset[index] as Example);
      progress.instanceIndex += this.bsize;

      const taskLM = getLM(programs[0] as Program) ?? settings().lm;
      if (!taskLM)
        throw new DSPyError("SIMBA needs an LM: configure one or set one on the program.", { code: "no_lm" });
      const models = prepareModelsForResampling(taskLM, C, this.options.teacherSettings);
      const top = topKPlusBaseline(poolScores, C);
      const predictorNames = new Map<unknown, string>();
      const samples: (readonly [Program, Example])[] = [];
      for (const model of models) {
        for (const example of batch) {
          const chosen = softmaxSample(rng, poolScores, top, this.options.temperatureForSampling ?? 0.2);
          const system = deepcopyModule(programs[chosen] as P);
          setLM(system, model);
          for (const [name, predictor] of system.namedPredictors()) predictorNames.set(predictor, name);
          samples.push([system, example]);
        }
      }
      logger.info(`Sampling program trajectories on ${this.bsize} examples x ${C} samples.`);
      const outputs = await runAll(samples);
      const { buckets, p10, p90, baseline } = makeBuckets(outputs, batch.length);
      logger.info(`Batch ${step + 1}: Baseline mini-batch score: ${baseline}\n`);

      const candidates: P[] = [];
      for (const [bucketIndex, bucket] of buckets.entries()) {
        logger.info(
          `Batch ${step + 1}: Processing bucket #${bucketIndex + 1}, with max score ${bucket.maxScore}, ` +
            `max-to-min gap ${bucket.maxToMinGap}, and max-to-avg gap ${bucket.maxToAvgGap}.`,
        );
        const source = softmaxSample(
          rng,
          poolScores,
          topKPlusBaseline(poolScores, C),
          this.options.temperatureForCandidates ?? 0.2,
        );
        const candidate = await buildCandidate(programs[source] as P, bucket.outcomes, recipe, {
          predictorNames,
          batch10pScore: p10,
          batch90pScore: p90,
          step,
        });
        if (candidate) candidates.push(candidate);
        if (candidates.length >= C + 1) break;
      }

      logger.info(`Batch ${step + 1}: Evaluating ${candidates.length} programs on ${this.bsize} examples.`);
      const evaluated = await runAll(
        candidates.flatMap((system) => batch.map((example) => [system, example] as const)),
      );
      const scoreLists = candidates.map((_, c) =>
        evaluated.slice(c * this.bsize, (c + 1) * this.bsize).map((outcome) => scoreValue(outcome.score)),
      );
      const candidateScores = scoreLists.map((scores) => scores.reduce((a, b) => a + b, 0) / scores.length);
      if (candidateScores.length > 0) {
        const best = candidateScores.indexOf(Math.max(...candidateScores));
        progress.winners.push(saveProgram(candidates[best] as P));
      }
      candidates.forEach((candidate, c) => {
        programs.push(candidate);
        poolScores.push(scoreLists[c] as number[]);
        progress.pool.push({ state: saveProgram(candidate), scores: scoreLists[c] as number[] });
      });
      progress.trialLogs.push({});
      progress.step = step + 1;
      progress.rng = rng.getstate();
      progress.rngNp = rngNp.getState();
      await context.checkpoint(CHECKPOINT_KEY, progress);
      const stepBest = candidateScores.length ? Math.max(...candidateScores) : baseline;
      const detail = { phase: "step", baseline, candidateScores, lmCalls: counter.since(before) };
      context.emit({ type: "trial-end", trial: step, score: stepBest, detail });
      context.emit({ type: "progress-update", done: step + 1, total: this.maxSteps });
    }

    const indices = finalCandidateIndices(progress.winners.length - 1, C + 1);
    const finalists = indices.map((index) => loadProgram(student, progress.winners[index] as Record<string, unknown>));
    logger.info(`VALIDATION: Evaluating ${finalists.length} programs on the full trainset.`);
    for (let i = progress.finalScores.length; i < finalists.length; i++) {
      throwIfCancelled(context.signal, "SIMBA");
      const before = counter.snapshot();
      const trial = this.maxSteps + i;
      context.emit({ type: "trial-start", trial, detail: { phase: "validation", winner: indices[i] } });
      const outcomes = await runAll(trainset.map((example) => [finalists[i] as P, example] as const));
      const scores = outcomes.map((outcome) => scoreValue(outcome.score));
      const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0.0;
      progress.finalScores.push(mean);
      if (i !== 0) (progress.trialLogs[i - 1] as SimbaTrialLog).trainScore = mean;
      await context.checkpoint(CHECKPOINT_KEY, progress);
      const detail = { phase: "validation", winner: indices[i], lmCalls: counter.since(before) };
      context.emit({ type: "trial-end", trial, score: mean, detail });
    }

    const scores = progress.finalScores;
    const ranked = finalists
      .map((program, i) => ({ score: scores[i] as number, program }))
      .sort((a, b) => b.score - a.score);
    const bestIndex = scores.indexOf(Math.max(...scores));
    logger.info(`Final trainset scores: ${JSON.stringify(scores)}, Best: ${scores[bestIndex]} (at index ${bestIndex})`);
    const best = deepcopyModule(finalists[bestIndex] as P);
    const attach = (name: string, value: unknown) =>
      Object.defineProperty(best, name, { value, configurable: true, writable: true });
    attach("candidatePrograms", ranked);
    attach("trialLogs", Object.fromEntries(progress.trialLogs.map((log, i) => [i, log])));
    attach("lmCalls", counter.counts);
    return best as SIMBAResult<P>;
  }

  #settingsKey(): Record<string, unknown> {
    const o = this.options;
    return {
      bsize: this.bsize,
      numCandidates: this.numCandidates,
      maxSteps: this.maxSteps,
      maxDemos: this.maxDemos,
      demoInputFieldMaxlen: o.demoInputFieldMaxlen ?? 100_000,
      temperatures: [o.temperatureForSampling ?? 0.2, o.temperatureForCandidates ?? 0.2],
    };
  }
}

/** Runs `count` tasks with at most `concurrency` at once; results in task order. */
async function runPool<T>(
  count: number,
  concurrency: number,
  signal: AbortSignal,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const queue = new PQueue({ concurrency: Math.max(1, concurrency) });
  const results = new Array<T>(count);
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      queue.add(async () => {
        throwIfCancelled(signal, "SIMBA");
        results[index] = await task(index);
      }),
    ),
  );
  return results;
}
