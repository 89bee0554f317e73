import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { Settings } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import { deepcopyModule, resetCopy } from "../primitives/module-copy.js";
import { PythonRandom } from "../utils/python-random.js";
import { bootstrapFingerprint, loadProgress, saveProgress } from "./bootstrap-checkpoint.js";
import { type RoundOutcome, type RunSlots, TeacherPool } from "./bootstrap-teacher.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { LabeledFewShot } from "./labeled-few-shot.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import { demoPredictors } from "./predictor-demos.js";
import { predictorNames } from "./predictor-mapping.js";
import type { OptimizerMetric, Program } from "./program.js";

/** Options for {@link BootstrapFewShot}; defaults are DSPy 3.4.1's. */
export interface BootstrapFewShotOptions {
  /** Decides which teacher runs become demos; without one, every run that does not fail does. */
  metric?: OptimizerMetric | undefined;
  /** A numeric metric must reach this to pass; `0`/absent means "any truthy value" (as in DSPy). */
  metricThreshold?: number | undefined;
  /** Settings (LM, adapter) in force while the teacher runs. */
  teacherSettings?: Partial<Settings> | undefined;
  /** Bootstrapped demos per predictor, and successful examples to collect (default 4). */
  maxBootstrappedDemos?: number | undefined;
  /** Upper bound on demos per predictor; labeled examples fill the rest (default 16). */
  maxLabeledDemos?: number | undefined;
  /** Attempts per trainset example; rounds after the first use a fresh rollout at temperature 1 (default 1). */
  maxRounds?: number | undefined;
  /** Errors (failed runs or metric calls) tolerated before the error is rethrown (DSPy's `settings.max_errors`, 10). */
  maxErrors?: number | undefined;
  /** Where errors and the summary go (default: errors to `console.error`, no summary). */
  logger?: OptimizerLogger | undefined;
  /**
   * Teacher runs in flight at once (default 1: DSPy's one-by-one walk). Above 1 the walk starts
   * the next examples before the current one is judged, but never more than the demos still
   * missing, so it makes the runs the sequential walk makes and ends with the same demos in the
   * same order. Runs are thrown away (see `discardedRuns`) only when a teacher run throws while
   * later ones are under way, or when the walk stops early on an error or a cancel.
   */
  concurrency?: number | undefined;
  /** A run limit shared with other work (the random search passes one shared by all its candidates). */
  slots?: RunSlots | undefined;
}

/** What {@link BootstrapFewShot.compile} takes besides the student. */
export interface BootstrapFewShotCompileOptions {
  trainset: readonly Example[];
  /** The program whose successful runs become demos (default: a copy of the student). */
  teacher?: Program | undefined;
}

/** DSPy's `settings.max_errors` default. */
const DEFAULT_MAX_ERRORS = 10;
const CHECKPOINT_KEY = "bootstrap";

/**
 * DSPy's `BootstrapFewShot`: runs a teacher over the trainset, keeps the traces of runs the
 * metric accepts as demos (`augmented: true`), and fills each predictor's remaining demo slots
 * with labeled examples. The walk, the rounds, the error budget and the seeded sampling are
 * DSPy 3.4.1's, so the same trainset and LM answers give the same demos in the same order.
 *
 * Resumable: after each trainset example the progress is checkpointed in the run context; a run
 * started with `resumed: true` continues from there and reaches the same result without calling
 * the LM again for examples already done.
 *
 * @example
 * const optimizer = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 2 });
 * const compiled = await context({ lm }, () => optimizer.compile(new ChainOfThought("question -> answer"), { trainset }));
 */
export class BootstrapFewShot {
  readonly metric: OptimizerMetric | undefined;
  readonly metricThreshold: number | undefined;
  readonly teacherSettings: Partial<Settings>;
  readonly maxBootstrappedDemos: number;
  readonly maxLabeledDemos: number;
  readonly maxRounds: number;
  readonly maxErrors: number | undefined;
  readonly concurrency: number;
  readonly slots: RunSlots | undefined;
  /** Errors so far. Like DSPy's, it belongs to the optimizer and is not reset between compiles. */
  errorCount = 0;
  /** Teacher runs made ahead of the walk whose results were not used (each is one or more LM calls). */
  discardedRuns = 0;
  readonly #logger: OptimizerLogger;

  constructor(options: BootstrapFewShotOptions = {}) {
    this.metric = options.metric;
    this.metricThreshold = options.metricThreshold;
    this.teacherSettings = options.teacherSettings ?? {};
    this.maxBootstrappedDemos = options.maxBootstrappedDemos ?? 4;
    this.maxLabeledDemos = options.maxLabeledDemos ?? 16;
    this.maxRounds = options.maxRounds ?? 1;
    this.maxErrors = options.maxErrors;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.slots = options.slots;
    this.#logger = options.logger ?? silentInfoLogger;
  }

  /**
   * A compiled copy of `student` with bootstrapped and labeled demos. The student is untouched.
   *
   * @example
   * const compiled = await optimizer.compile(student, { trainset }, detachedRunContext({ signal }));
   */
  compile<P extends Program>(
    student: P,
    options: BootstrapFewShotCompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<P> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(
    student: P,
    options: BootstrapFewShotCompileOptions,
    context: RunContext,
  ): Promise<P> {
    const { trainset } = options;
    const program = resetCopy(student);
    let teacher: Program = deepcopyModule(options.teacher ?? student);
    if (program.compiled) {
      throw new DSPyError("Student must be uncompiled.", { code: "invalid_program", pythonType: "AssertionError" });
    }
    // DSPy labels the teacher through LabeledFewShot.compile (compile callbacks report it).
    if (this.maxLabeledDemos && !teacher.compiled) {
      teacher = await new LabeledFewShot({ k: this.maxLabeledDemos }).compile(teacher, { trainset });
    }
    const names = predictorNames(program, teacher);

    const { bootstrapped, traces } = await this.#bootstrap(teacher, trainset, names, context);

    // Examples that gave no demo are the labeled pool, in DSPy's seeded order.
    const validation = trainset.filter((_, index) => !bootstrapped.has(index));
    new PythonRandom(0).shuffle(validation);
    const rng = new PythonRandom(0);
    for (const [name, predictor] of demoPredictors(program)) {
      const augmented = (traces.get(name) ?? []).slice(0, this.maxBootstrappedDemos);
      const size = Math.max(0, Math.min(this.maxLabeledDemos - augmented.length, validation.length));
      predictor.demos = [...augmented, ...rng.sample(validation, size)];
    }
    program.compiled = true;
    return program;
  }

  async #bootstrap(
    teacher: Program,
    trainset: readonly Example[],
    names: ReadonlyMap<object, string>,
    context: RunContext,
  ): Promise<{ bootstrapped: Set<number>; traces: Map<string, Example[]> }> {
    const predictorNamesInOrder = [...new Set(names.values())];
    const fingerprint = bootstrapFingerprint(trainset, {
      maxBootstrappedDemos: this.maxBootstrappedDemos,
      maxRounds: this.maxRounds,
      names: predictorNamesInOrder,
    });
    const saved = context.resumed
      ? loadProgress(await context.restore(CHECKPOINT_KEY), fingerprint, predictorNamesInOrder)
      : undefined;
    const traces = saved?.traces ?? new Map(predictorNamesInOrder.map((name) => [name, [] as Example[]]));
    const bootstrapped = saved?.progress.bootstrapped ?? [];
    // Examples whose teacher run threw: DSPy leaves them filtered out of the teacher's demos.
    const teacherFailures = saved?.progress.teacherFailures ?? [];
    let attempts = saved?.progress.attempts ?? 0;
    if (saved) this.errorCount = saved.progress.errorCount;
    context.setPartial(() =>
      Object.fromEntries([...traces].map(([name, demos]) => [name, demos.map((d) => d.toDict())])),
    );

    if (trainset.length === 0) {
      // DSPy 3.4.1 crashes here too (its summary line reads an unset loop variable).
      throw new DSPyError("BootstrapFewShot needs a non-empty trainset.", {
        code: "empty_trainset",
        pythonType: "UnboundLocalError",
      });
    }
    const teachers = new TeacherPool(teacher, names, {
      metric: this.metric,
      metricThreshold: this.metricThreshold,
      teacherSettings: this.teacherSettings,
      maxRounds: this.maxRounds,
      slots: this.slots,
    });
    // Runs ahead of the walk stop when the walk ends, however it ends.
    const walk = new AbortController();
    const signal = AbortSignal.any([context.signal, walk.signal]);
    const ahead = new Map<number, { failures: number; outcomes: Promise<RoundOutcome[]> }>();
    const failed = () => teacherFailures.map((index) => trainset[index] as Example);
    const first = saved?.progress.next ?? 0;
    let launched = first;
    // Never more runs ahead than demos still missing: were they all accepted, the sequential
    // walk would have visited every one of them, so none is wasted.
    const launch = () => {
      const room = Math.min(this.concurrency, this.maxBootstrappedDemos - bootstrapped.length);
      while (launched < trainset.length && ahead.size < room) {
        const outcomes = teachers.runRounds(trainset[launched] as Example, failed(), signal);
        outcomes.catch(() => {}); // awaited in order below, or abandoned with the walk
        ahead.set(launched++, { failures: teacherFailures.length, outcomes });
      }
    };

    let lastVisited = first - 1;
    try {
      for (let index = first; index < trainset.length; index++) {
        lastVisited = index;
        if (bootstrapped.length >= this.maxBootstrappedDemos) break;
        throwIfCancelled(context.signal, "BootstrapFewShot");
        launch();
        const run = ahead.get(index) as { failures: number; outcomes: Promise<RoundOutcome[]> };
        ahead.delete(index);
        let outcomes = await run.outcomes;
        if (run.failures !== teacherFailures.length) {
          // A teacher run before this one threw after this one started: it saw demos the
          // sequential walk would have hidden, so it runs again.
          this.discardedRuns += outcomes.length;
          outcomes = await teachers.runRounds(trainset[index] as Example, failed(), signal);
        }
        for (const outcome of outcomes) {
          attempts += 1;
          if (outcome.type === "error") {
            if (outcome.teacherFailed) teacherFailures.push(index);
            this.errorCount += 1;
            if (this.errorCount >= (this.maxErrors ?? DEFAULT_MAX_ERRORS)) throw outcome.error;
            this.#logger.error(
              `Failed to run or to evaluate example ${describe(trainset[index])} due to ${describe(outcome.error)}.`,
            );
          } else if (outcome.type === "accepted") {
            for (const [name, found] of outcome.demos) traces.get(name)?.push(...found);
            bootstrapped.push(index);
            break;
          }
        }
        const progress = {
          fingerprint,
          next: index + 1,
          bootstrapped,
          attempts,
          errorCount: this.errorCount,
          teacherFailures,
        };
        await context.checkpoint(CHECKPOINT_KEY, saveProgress(progress, traces));
        context.emit({ type: "progress-update", done: index + 1, total: trainset.length });
      }
    } finally {
      this.discardedRuns += ahead.size;
      walk.abort(new AbortError("BootstrapFewShot no longer needs this run."));
    }
    this.#logger.info(
      `Bootstrapped ${bootstrapped.length} full traces after ${Math.max(0, lastVisited)} examples ` +
        `for up to ${this.maxRounds} rounds, amounting to ${attempts} attempts.`,
    );
    return { bootstrapped: new Set(bootstrapped), traces };
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
