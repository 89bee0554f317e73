import { type EvaluationBackend, withEvaluationBackend } from "../evaluate/evaluation-backend.js";
import type { RunContext } from "../evaluate/run-context.js";
import { compileWithCallbacks } from "../optimizers/compile-with-callbacks.js";
import { type Job, type JobOptions, startJob } from "./job.js";
import { scoredCandidates } from "./scored-candidates.js";

/** Anything with DSPy's `compile(student, options)` shape that accepts a run context. */
export interface CompilingOptimizer<Student, Options, Result> {
  compile(student: Student, options: Options, context: RunContext): Promise<Result>;
}

/**
 * Runs `optimizer.compile` as a job: cancellable (in-flight LM calls are aborted), observable
 * (`trial-start`, `trial-end`, `progress-update`, `checkpoint-save`) and resumable — checkpoints
 * land in the run store, so starting again with the same `runId` after a crash continues where
 * the killed run stopped and ends with the program an uninterrupted run ends with. Fires the
 * `onCompileStart`/`onCompileEnd` callbacks around the compile, as DSPy's `Teleprompter` does.
 * The candidate programs the optimizer reports (scores and DSPy JSON state) are stored with the run.
 * With `backend` (e.g. a `DistributedEvaluator`), every `Evaluate` the optimizer runs — RandomSearch's
 * candidates, COPRO's and MIPROv2's trials — evaluates its examples there.
 *
 * @example
 * const job = compileJob(new BootstrapFewShot({ metric }), student, { trainset }, { runId: "bfs-1", store });
 * job.on((event) => console.log(event.type));
 * const compiled = await job;
 */
export function compileJob<Student, Options, Result>(
  optimizer: CompilingOptimizer<Student, Options, Result>,
  student: Student,
  compileOptions: Options,
  jobOptions: Omit<JobOptions, "name"> & { name?: string; backend?: EvaluationBackend } = {},
): Job<Result> {
  const { backend, ...options } = jobOptions;
  const name = options.name ?? (optimizer as object).constructor.name;
  // DSPy's `compile(student, **kwargs)` arguments by name, for `onCompileStart`/`onCompileEnd`.
  const inputs = { student, ...(compileOptions as object) };
  const compile = (context: RunContext) => optimizer.compile(student, compileOptions, context);
  return startJob({ ...options, name }, async (context) => {
    const compiled = await compileWithCallbacks(optimizer, inputs, () =>
      backend ? withEvaluationBackend(backend, () => compile(context)) : compile(context),
    );
    // The candidates it scored stay with the run, for the dashboard and `inspect`.
    for (const [index, candidate] of scoredCandidates(compiled).entries()) {
      await context.store.putCandidate(context.runId, index, candidate);
    }
    return compiled;
  });
}
