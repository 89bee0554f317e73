import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { Evaluate } from "../evaluate/evaluate.js";
import { detachedRunContext, type RunContext, type RunEventInput } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import { isPlainObject } from "../utils/plain-object.js";
import { PythonRandom, type PythonRandomState } from "../utils/python-random.js";
import { type ChainableOptimizer, parseStrategy, splitTrainset, stepCompileOptions } from "./better-together-steps.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { coproFingerprint } from "./copro-state.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import type { OptimizerMetric, Program } from "./program.js";
import { BootstrapFewShotWithRandomSearch } from "./random-search.js";
import { scopedRunContext } from "./scoped-run-context.js";

/** BetterTogether's constructor options. */
export interface BetterTogetherOptions {
  metric: OptimizerMetric;
  /**
   * The optimizers, by strategy key (`{ p: new MIPROv2(...), c: new COPRO(...) }`), or a list run
   * in order (keys "0", "1", …). Default: `{ p: BootstrapFewShotWithRandomSearch({ metric }) }`
   * (DSPy's `w`, fine-tuning, is not available here).
   */
  optimizers?: Record<string, ChainableOptimizer> | readonly ChainableOptimizer[];
  logger?: OptimizerLogger | undefined;
}

/** What {@link BetterTogether.compile} takes besides the student (DSPy's keyword arguments). */
export interface BetterTogetherCompileOptions {
  trainset: readonly Example[];
  teacher?: Program | undefined;
  /** Scores each step's program; default: the first `valsetRatio` of the trainset. */
  valset?: readonly Example[] | undefined;
  numThreads?: number | undefined;
  maxErrors?: number | undefined;
  /** Seeds the trainset shuffles (default: unseeded, as DSPy's `seed=None`). */
  seed?: number | undefined;
  /** Share of the trainset held out as valset when none is given, in [0, 1) (default 0.1). */
  valsetRatio?: number;
  /** Shuffle the trainset before each step (default true). */
  shuffleTrainsetBetweenSteps?: boolean;
  /** Steps separated by `" -> "` (default: `"p -> w -> p"`, or every listed optimizer in order). */
  strategy?: string;
  /** Per optimizer key, extra `compile` options (they override trainset/valset/teacher). */
  optimizerCompileArgs?: Record<string, Record<string, unknown>>;
}

/** One evaluated program of the chain (DSPy's `candidate_programs` entry). */
export interface ChainCandidate<P extends Program = Program> {
  /** Valset score (a percentage), `null` without a valset. */
  score: number | null;
  program: P;
  /** The steps that produced it, e.g. `"p -> c"`; `""` for the original program. */
  strategy: string;
}

/** The chosen program with DSPy's attached attributes. */
export type BetterTogetherResult<P extends Program> = P & {
  readonly candidatePrograms: ChainCandidate<P>[];
  readonly flagCompilationErrorOccurred: boolean;
};

interface ChainProgress {
  fingerprint: string;
  /** Steps finished (or stopped by an error). */
  step: number;
  stopped: boolean;
  order: number[];
  rng: PythonRandomState;
  student: Record<string, unknown>;
  candidates: { state: Record<string, unknown>; score: number | null; strategy: string }[];
}

const CHECKPOINT_KEY = "chain";

/**
 * DSPy 3.4.1's `BetterTogether` for prompt optimizers: runs optimizers one after another on one
 * program ("p -> c -> p", or a list), each step compiling the previous step's result on a
 * freshly shuffled trainset, scores the original and every step's program on the valset, and
 * returns the best (the earliest on ties; the last without a valset). A failing step stops the
 * chain and the best so far is returned with `flagCompilationErrorOccurred`.
 *
 * As a job it is one run with one checkpoint history: each step's optimizer checkpoints under
 * its step, so a killed chain resumes inside the step it was in; events are tagged with the step.
 *
 * @example
 * const chain = new BetterTogether({ metric, optimizers: [new BootstrapFewShotWithRandomSearch({ metric }), new MIPROv2({ metric })] });
 * const best = await chain.compile(student, { trainset, seed: 0 });
 */
export class BetterTogether {
  readonly metric: OptimizerMetric;
  readonly optimizers: Readonly<Record<string, ChainableOptimizer>>;
  readonly #defaultStrategy: string;
  readonly #logger: OptimizerLogger;

  constructor(options: BetterTogetherOptions) {
    this.metric = options.metric;
    const given = options.optimizers;
    if (Array.isArray(given)) {
      if (given.length === 0)
        throw new DSPyError("BetterTogether needs at least one optimizer.", { code: "value_error" });
      this.optimizers = Object.fromEntries(given.map((optimizer, i) => [String(i), optimizer]));
      this.#defaultStrategy = given.map((_, i) => String(i)).join(" -> ");
    } else {
      const record = given as Record<string, ChainableOptimizer> | undefined;
      this.optimizers =
        record && Object.keys(record).length > 0
          ? { ...record }
          : { p: new BootstrapFewShotWithRandomSearch({ metric: options.metric }) as unknown as ChainableOptimizer };
      this.#defaultStrategy = "p -> w -> p";
    }
    this.#logger = options.logger ?? silentInfoLogger;
  }

  /**
   * Runs the strategy; the student is untouched.
   *
   * @example
   * const best = await chain.compile(student, { trainset, valset, strategy: "p -> c" }, runContext);
   */
  compile<P extends Program>(
    student: P,
    options: BetterTogetherCompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<BetterTogetherResult<P>> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(
    student: P,
    options: BetterTogetherCompileOptions,
    context: RunContext,
  ): Promise<BetterTogetherResult<P>> {
    const logger = this.#logger;
    const split = splitTrainset(options.trainset, options.valset, options.valsetRatio ?? 0.1);
    const steps = parseStrategy(options.strategy ?? this.#defaultStrategy, Object.keys(this.optimizers));
    const compileArgs = options.optimizerCompileArgs ?? {};
    for (const key of Object.keys(compileArgs)) {
      if (!(key in this.optimizers)) {
        throw new DSPyError(`Invalid optimizer key '${key}'. Valid keys are: ${Object.keys(this.optimizers)}`, {
          code: "value_error",
        });
      }
      if ("student" in (compileArgs[key] ?? {})) {
        throw new DSPyError(
          `'student' is not allowed in optimizer_compile_args for optimizer '${key}'. The same student is used throughout compilation.`,
          { code: "value_error" },
        );
      }
    }
    const valset = split.valset;
    const evaluate = valset
      ? new Evaluate({
          devset: valset,
          metric: this.metric,
          numThreads: options.numThreads,
          maxErrors: options.maxErrors,
        })
      : undefined;
    const score = async (program: Program, inner: RunContext): Promise<number | null> => {
      if (!evaluate) return null;
      try {
        return (await evaluate.run(program, { runContext: inner })).score;
      } catch (error) {
        if (context.signal.aborted || error instanceof AbortError) throw error;
        logger.error(`An exception occurred during evaluation: ${String(error)}`);
        return 0.0;
      }
    };
    const fingerprint = coproFingerprint([...split.trainset, ...(valset ?? [])], {
      optimizer: "BetterTogether",
      steps,
      seed: options.seed ?? null,
      shuffle: options.shuffleTrainsetBetweenSteps ?? true,
      keys: Object.entries(this.optimizers).map(([key, optimizer]) => [key, optimizer.constructor.name]),
    });
    const saved = context.resumed ? readChainProgress(await context.restore(CHECKPOINT_KEY), fingerprint) : undefined;
    const rng = new PythonRandom(options.seed);
    let progress: ChainProgress;
    let current: P;
    let candidates: ChainCandidate<P>[];
    if (saved) {
      progress = saved;
      rng.setstate(saved.rng);
      current = deepcopyModule(student).loadState(saved.student);
      candidates = saved.candidates.map((c) => ({ ...c, program: deepcopyModule(student).loadState(c.state) }));
    } else {
      current = deepcopyModule(student);
      logger.info("==> BASELINE EVALUATION <==");
      const baseline = await score(current, scopedRunContext(context, { prefix: "baseline/", forward: () => false }));
      logger.info(`Baseline score: ${baseline}`);
      candidates = [{ score: baseline, program: deepcopyModule(current), strategy: "" }];
      progress = {
        fingerprint,
        step: 0,
        stopped: false,
        order: split.trainset.map((_, i) => i),
        rng: rng.getstate(),
        student: current.dumpState(),
        candidates: [],
      };
      await this.#save(context, progress, rng, current, candidates);
    }
    context.setPartial(() => candidates.map(({ score: s, strategy }) => ({ score: s, strategy })));

    while (!progress.stopped && progress.step < steps.length) {
      const index = progress.step;
      const key = steps[index] as string;
      const strategy = steps.slice(0, index + 1).join(" -> ");
      const optimizer = this.optimizers[key] as ChainableOptimizer;
      throwIfCancelled(context.signal, "BetterTogether");
      logger.info(`==> STEP ${index + 1}/${steps.length}: ${optimizer.constructor.name.toUpperCase()} <==`);
      context.emit({ type: "trial-start", trial: index, detail: { step: index, strategy, optimizer: key } });
      const inner = stepContext(context, index, strategy);
      try {
        // The shuffle of a step is redone on resume from the state saved before it, so it repeats exactly.
        const order = [...progress.order];
        if (options.shuffleTrainsetBetweenSteps ?? true) rng.shuffle(order);
        const trainset = order.map((i) => split.trainset[i] as Example);
        const stepOptions = stepCompileOptions(
          optimizer,
          { trainset, teacher: options.teacher, valset },
          compileArgs[key] ?? {},
        );
        current.compiled = false;
        current = (await optimizer.compile(current, stepOptions as never, inner)) as P;
        const stepScore = await score(current, scopedRunContext(inner, { prefix: "eval/", forward: () => false }));
        candidates.push({ score: stepScore, program: deepcopyModule(current), strategy });
        logger.info(`Score after ${strategy}: ${stepScore}`);
        progress.order = order;
        progress.step = index + 1;
        await this.#save(context, progress, rng, current, candidates);
        context.emit({ type: "trial-end", trial: index, score: stepScore ?? 0, detail: { step: index, strategy } });
        context.emit({ type: "progress-update", done: index + 1, total: steps.length });
      } catch (error) {
        if (context.signal.aborted || error instanceof AbortError) throw error;
        logger.error(`Step ${index + 1}/${steps.length} failed with error: ${String(error)}`);
        progress.stopped = true;
        await this.#save(context, progress, rng, current, candidates);
      }
    }

    // Best score first, the earlier program on ties; without a valset, the latest program.
    const ranked = candidates
      .map((candidate, i) => ({ candidate, i }))
      .sort((a, b) => rank(b.candidate.score) - rank(a.candidate.score) || a.i - b.i)
      .map(({ candidate }) => candidate);
    const chosen = valset ? (ranked[0] as ChainCandidate<P>) : (candidates.at(-1) as ChainCandidate<P>);
    const best = chosen.program;
    best.compiled = true;
    const attach = (name: string, value: unknown) =>
      Object.defineProperty(best, name, { value, configurable: true, writable: true });
    attach("candidatePrograms", ranked);
    attach("flagCompilationErrorOccurred", progress.stopped);
    return best as BetterTogetherResult<P>;
  }

  async #save(
    context: RunContext,
    progress: ChainProgress,
    rng: PythonRandom,
    current: Program,
    candidates: readonly ChainCandidate[],
  ): Promise<void> {
    progress.rng = rng.getstate();
    progress.student = current.dumpState();
    progress.candidates = candidates.map(({ score, program, strategy }) => ({
      state: program.dumpState(),
      score,
      strategy,
    }));
    await context.checkpoint(CHECKPOINT_KEY, progress);
  }
}

/**
 * DSPy's alias for running prompt optimizers in sequence.
 *
 * @example
 * const chain = new OptimizerChain({ metric, optimizers: [bootstrapRS, mipro] });
 */
export const OptimizerChain = BetterTogether;

// A step's own context: checkpoints under the step, trial events tagged with it, its progress kept inside.
function stepContext(context: RunContext, step: number, strategy: string): RunContext {
  const inner = scopedRunContext(context, { prefix: `step:${step}/`, forward: () => false });
  return {
    ...inner,
    emit: (event: RunEventInput) => {
      if (event.type === "trial-start" || event.type === "trial-end") {
        context.emit({ ...event, detail: { ...event.detail, step, strategy, nested: true } });
      }
    },
  };
}

function rank(score: number | null): number {
  return score ?? Number.NEGATIVE_INFINITY;
}

function readChainProgress(value: unknown, fingerprint: string): ChainProgress | undefined {
  if (!isPlainObject(value) || value.fingerprint !== fingerprint || !Number.isInteger(value.step)) return undefined;
  if (!Array.isArray(value.order) || !Array.isArray(value.candidates) || !Array.isArray(value.rng)) return undefined;
  return value as unknown as ChainProgress;
}
