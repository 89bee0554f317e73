import type { Example } from "../primitives/example.js";
import type { Prediction } from "../primitives/prediction.js";
import { currentSettings, runWithSettings } from "../utils/settings-store.js";
import type { MetricLike, MetricValue } from "./metric.js";
import type { EvaluationProgram } from "./run-evaluation.js";

/** What one example scored elsewhere: the program's prediction and the metric's value. */
export interface RemoteExampleResult {
  prediction: Prediction;
  score: MetricValue;
}

/**
 * One evaluation opened on a backend: `Evaluate` hands it each example and counts what comes
 * back exactly as it counts a local result (failure score, max errors, progress, events).
 */
export interface RemoteEvaluation {
  /** Examples `Evaluate` keeps in flight at once (replaces `numThreads`). */
  readonly concurrency: number;
  /**
   * Runs program and metric on one example; rejects with the error the program or metric
   * raised. `signal` aborts when the whole evaluation stops.
   */
  evaluate(index: number, example: Example, signal: AbortSignal): Promise<RemoteExampleResult>;
  /** Releases the evaluation; after a cancel or a failure, stops the work still queued or running. */
  close(): Promise<void>;
}

/** What `Evaluate` tells a backend about an evaluation it opens. */
export interface EvaluationRequest {
  program: EvaluationProgram;
  metric: MetricLike;
  devset: readonly Example[];
}

/**
 * Where `Evaluate` runs each example's program and metric when not in this process — e.g. the
 * runtime's `DistributedEvaluator`, which fans examples out to worker processes over Redis.
 * Pass one as `new Evaluate({ backend })` or, for code that builds its own `Evaluate`
 * (optimizers), install it around the call with {@link withEvaluationBackend}.
 *
 * @example
 * const evaluate = new Evaluate({ devset, metric, backend: distributed });
 */
export interface EvaluationBackend {
  open(request: EvaluationRequest): Promise<RemoteEvaluation>;
}

const RUNS_MODULE = Symbol.for("dspy-typescript.runsModule");

/**
 * Marks a wrapper function (one that schedules or instruments calls to a module) as running
 * `module`, so an evaluation backend that ships programs to other processes ships the module's
 * state; the wrapper itself only runs in local evaluations.
 *
 * @example
 * await evaluate.run(runsModule((inputs, { signal }) => limiter.run(() => program.call(inputs, { signal })), program));
 */
export function runsModule<F extends EvaluationProgram>(wrapper: F, module: object): F {
  Object.defineProperty(wrapper, RUNS_MODULE, { value: module });
  return wrapper;
}

/**
 * The module an evaluated program runs: the one {@link runsModule} marked, else the program.
 *
 * @example
 * evaluatedModule(runsModule(fn, program)) === program; // true
 */
export function evaluatedModule(program: EvaluationProgram): object {
  return ((program as unknown as Record<symbol, object | undefined>)[RUNS_MODULE] ?? program) as object;
}

/** The settings key under which {@link withEvaluationBackend} installs a backend. */
interface EvaluationBackendSettings {
  evaluationBackend: EvaluationBackend | undefined;
}

/**
 * Runs `fn` with `backend` serving every `Evaluate.run` started inside it that has no backend
 * of its own — how an optimizer's candidate evaluations (RandomSearch, COPRO, MIPROv2) go
 * distributed without the optimizer knowing.
 *
 * @example
 * const compiled = await withEvaluationBackend(distributed, () => optimizer.compile(student, { trainset }));
 */
export function withEvaluationBackend<T>(backend: EvaluationBackend | undefined, fn: () => T): T {
  return runWithSettings({ ...currentSettings<object>(), evaluationBackend: backend }, fn);
}

/**
 * The backend installed by the enclosing {@link withEvaluationBackend}, if any.
 *
 * @example
 * currentEvaluationBackend(); // undefined outside withEvaluationBackend
 */
export function currentEvaluationBackend(): EvaluationBackend | undefined {
  return currentSettings<EvaluationBackendSettings>().evaluationBackend;
}
