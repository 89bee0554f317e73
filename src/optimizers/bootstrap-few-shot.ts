import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { type MetricValue, metricScore } from "../evaluate/metric.js";
import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import { rolloutLM } from "../predict/rollout-lm.js";
import { type Settings, settings, context as settingsContext, type TraceEntry } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { deepcopyModule, resetCopy } from "../primitives/module-copy.js";
import type { Prediction } from "../primitives/prediction.js";
import { PythonRandom } from "../utils/python-random.js";
import { bootstrapFingerprint, loadProgress, saveProgress } from "./bootstrap-checkpoint.js";
import { traceDemos } from "./bootstrap-trace.js";
import { throwIfCancelled } from "./cancelled.js";
import { labeledCopy } from "./labeled-few-shot.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import { demoPredictors } from "./predictor-demos.js";
import { predictorNames } from "./predictor-mapping.js";
import { callMetric, type OptimizerMetric, type Program } from "./program.js";
import { pyEquals } from "./python-equals.js";

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
  /** Errors so far. Like DSPy's, it belongs to the optimizer and is not reset between compiles. */
  errorCount = 0;
  readonly #logger: OptimizerLogger;

  constructor(options: BootstrapFewShotOptions = {}) {
    this.metric = options.metric;
    this.metricThreshold = options.metricThreshold;
    this.teacherSettings = options.teacherSettings ?? {};
    this.maxBootstrappedDemos = options.maxBootstrappedDemos ?? 4;
    this.maxLabeledDemos = options.maxLabeledDemos ?? 16;
    this.maxRounds = options.maxRounds ?? 1;
    this.maxErrors = options.maxErrors;
    this.#logger = options.logger ?? silentInfoLogger;
  }

  /**
   * A compiled copy of `student` with bootstrapped and labeled demos. The student is untouched.
   *
   * @example
   * const compiled = await optimizer.compile(student, { trainset }, detachedRunContext({ signal }));
   */
  async compile<P extends Program>(
    student: P,
    options: BootstrapFewShotCompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<P> {
    const { trainset } = options;
    const program = resetCopy(student);
    let teacher: Program = deepcopyModule(options.teacher ?? student);
    if (program.compiled) {
      throw new DSPyError("Student must be uncompiled.", { code: "invalid_program", pythonType: "AssertionError" });
    }
    if (this.maxLabeledDemos && !teacher.compiled) teacher = labeledCopy(teacher, trainset, this.maxLabeledDemos);
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
    let lastVisited = (saved?.progress.next ?? 0) - 1;
    for (let index = saved?.progress.next ?? 0; index < trainset.length; index++) {
      lastVisited = index;
      if (bootstrapped.length >= this.maxBootstrappedDemos) break;
      throwIfCancelled(context.signal, "BootstrapFewShot");
      const example = trainset[index] as Example;
      for (let round = 0; round < this.maxRounds; round++) {
        attempts += 1;
        const demos = await this.#bootstrapOne(teacher, example, round, names, context.signal);
        if (demos) {
          for (const [name, found] of demos) traces.get(name)?.push(...found);
          bootstrapped.push(index);
          break;
        }
      }
      const progress = { fingerprint, next: index + 1, bootstrapped, attempts, errorCount: this.errorCount };
      await context.checkpoint(CHECKPOINT_KEY, saveProgress(progress, traces));
      context.emit({ type: "progress-update", done: index + 1, total: trainset.length });
    }
    this.#logger.info(
      `Bootstrapped ${bootstrapped.length} full traces after ${Math.max(0, lastVisited)} examples ` +
        `for up to ${this.maxRounds} rounds, amounting to ${attempts} attempts.`,
    );
    return { bootstrapped: new Set(bootstrapped), traces };
  }

  // One teacher run on one example: the demos it yields when the metric accepts it, else undefined.
  async #bootstrapOne(
    teacher: Program,
    example: Example,
    round: number,
    names: ReadonlyMap<object, string>,
    signal: AbortSignal,
  ): Promise<Map<string, Example[]> | undefined> {
    const trace: TraceEntry[] = [];
    let success: boolean;
    try {
      success = await settingsContext({ trace, ...this.teacherSettings }, async () => {
        const prediction = await this.#runTeacher(teacher, example, round, signal);
        if (!this.metric) return true;
        const value = await callMetric(this.metric, example, prediction, trace);
        return this.metricThreshold ? metricScore(value) >= this.metricThreshold : pyTruthy(value);
      });
    } catch (error) {
      if (signal.aborted || error instanceof AbortError) throw error;
      this.errorCount += 1;
      if (this.errorCount >= (this.maxErrors ?? DEFAULT_MAX_ERRORS)) throw error;
      this.#logger.error(`Failed to run or to evaluate example ${describe(example)} due to ${describe(error)}.`);
      return undefined;
    }
    return success ? traceDemos(trace, names) : undefined;
  }

  async #runTeacher(teacher: Program, example: Example, round: number, signal: AbortSignal): Promise<Prediction> {
    let overrides: Partial<Settings> = {};
    if (round > 0) {
      // A new rollout id and temperature 1.0: the cache must not hand back the failed answer.
      const lm = settings().lm;
      if (!lm) throw new DSPyError("No LM is configured for bootstrap rounds after the first.", { code: "no_lm" });
      overrides = { lm: rolloutLM(lm, round) };
    }
    return settingsContext(overrides, async () => {
      // The teacher must not see the example it is answering among its own demos.
      const predictors = demoPredictors(teacher);
      const kept = predictors.map(([, predictor]) => predictor.demos);
      for (const [, predictor] of predictors)
        predictor.demos = predictor.demos.filter((demo) => !pyEquals(demo, example));
      const prediction = await teacher.call(inputsOf(example), { signal });
      // Restored only after a successful run, as DSPy does: after a failure the filtered demos stay.
      predictors.forEach(([, predictor], index) => {
        predictor.demos = kept[index] ?? [];
      });
      return prediction;
    });
  }
}

/** `**example.inputs()`: the input fields, without DSPy's internal `dspy_*` keys. */
function inputsOf(example: Example): Record<string, unknown> {
  const inputs = example.inputs();
  return Object.fromEntries(inputs.keys().map((key) => [key, inputs.get(key)]));
}

/**
 * Python's truthiness of a metric value: NaN is truthy in Python (falsy in JS), and a
 * prediction is truthy when it has any field (DSPy's `Example.__len__`).
 */
function pyTruthy(value: MetricValue): boolean {
  if (typeof value === "number") return value !== 0;
  if (value instanceof Example) return value.keys().length > 0;
  return Boolean(value);
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
