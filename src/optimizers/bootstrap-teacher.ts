import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { type MetricValue, metricScore } from "../evaluate/metric.js";
import type { RunSlots } from "../evaluate/run-evaluation.js";
import { rolloutLM } from "../predict/rollout-lm.js";
import { type Settings, settings, context as settingsContext, type TraceEntry } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { Prediction } from "../primitives/prediction.js";
import { traceDemos } from "./bootstrap-trace.js";
import { demoPredictors, type PredictorDemo } from "./predictor-demos.js";
import { callMetric, type OptimizerMetric, type Program } from "./program.js";
import { pyEquals } from "./python-equals.js";

export type { RunSlots } from "../evaluate/run-evaluation.js";

/** What one teacher run (one round on one example) came to. */
export type RoundOutcome =
  | { type: "accepted"; demos: Map<string, Example[]> }
  | { type: "rejected" }
  /** The run or its metric threw; `teacherFailed` when the teacher itself did (DSPy then keeps its demos filtered). */
  | { type: "error"; error: unknown; teacherFailed: boolean };

/** How teacher runs are made and judged. */
export interface TeacherRunSettings {
  metric: OptimizerMetric | undefined;
  metricThreshold: number | undefined;
  teacherSettings: Partial<Settings>;
  maxRounds: number;
  slots: RunSlots | undefined;
}

/**
 * The teacher of one BootstrapFewShot run, copied once per run in flight so concurrent runs can
 * hold different demos. Each run gets the teacher's original demos minus the example it answers
 * and minus every example whose teacher run threw earlier in the walk: DSPy filters the demos in
 * place and restores them only after a successful run, so those removals stick.
 *
 * @example
 * const teachers = new TeacherPool(teacher, names, settings);
 * const outcomes = await teachers.runRounds(example, [], signal);
 */
export class TeacherPool {
  /** Predictor object → predictor name, for the student, the teacher and every copy. */
  readonly names: Map<object, string>;
  readonly #teacher: Program;
  readonly #settings: TeacherRunSettings;
  readonly #demos: PredictorDemo[][];
  readonly #free: Program[];

  constructor(teacher: Program, names: ReadonlyMap<object, string>, runSettings: TeacherRunSettings) {
    this.names = new Map(names);
    this.#teacher = teacher;
    this.#settings = runSettings;
    this.#demos = demoPredictors(teacher).map(([, predictor]) => [...predictor.demos]);
    this.#free = [teacher];
  }

  /**
   * The example's rounds in order until one is accepted, as DSPy's walk makes them; errors are
   * outcomes (the walk decides when they add up to `maxErrors`), aborts reject.
   *
   * @example
   * const outcomes = await teachers.runRounds(example, failedEarlier, signal);
   */
  async runRounds(example: Example, failed: readonly Example[], signal: AbortSignal): Promise<RoundOutcome[]> {
    const outcomes: RoundOutcome[] = [];
    for (let round = 0; round < this.#settings.maxRounds; round++) {
      const outcome = await this.#runOnce(example, round, failed, signal);
      outcomes.push(outcome);
      if (outcome.type === "accepted") break;
    }
    return outcomes;
  }

  async #runOnce(example: Example, round: number, failed: readonly Example[], signal: AbortSignal) {
    const { metric, metricThreshold, teacherSettings } = this.#settings;
    const trace: TraceEntry[] = [];
    let teacherFailed = false;
    let success: boolean;
    try {
      success = await settingsContext({ trace, ...teacherSettings }, async () => {
        const prediction = await this.#runTeacher(example, round, failed, signal, () => {
          teacherFailed = true;
        });
        if (!metric) return true;
        const value = await callMetric(metric, example, prediction, trace);
        return metricThreshold ? metricScore(value) >= metricThreshold : pyTruthy(value);
      });
    } catch (error) {
      if (signal.aborted || error instanceof AbortError) throw error;
      return { type: "error", error, teacherFailed } as const;
    }
    return success
      ? ({ type: "accepted", demos: traceDemos(trace, this.names) } as const)
      : { type: "rejected" as const };
  }

  async #runTeacher(
    example: Example,
    round: number,
    failed: readonly Example[],
    signal: AbortSignal,
    onTeacherError: () => void,
  ): Promise<Prediction> {
    let overrides: Partial<Settings> = {};
    if (round > 0) {
      // A new rollout id and temperature 1.0: the cache must not hand back the failed answer.
      const lm = settings().lm;
      if (!lm) throw new DSPyError("No LM is configured for bootstrap rounds after the first.", { code: "no_lm" });
      overrides = { lm: rolloutLM(lm, round) };
    }
    return settingsContext(overrides, async () => {
      const run = async () => {
        const teacher = this.#take(example, failed);
        try {
          return await teacher.call(inputsOf(example), { signal });
        } catch (error) {
          onTeacherError();
          throw error;
        } finally {
          this.#free.push(teacher);
        }
      };
      return this.#settings.slots ? this.#settings.slots.run(run, signal) : run();
    });
  }

  // A free copy of the teacher holding the demos this run may see (never the example it answers).
  #take(example: Example, failed: readonly Example[]): Program {
    let teacher = this.#free.pop();
    if (!teacher) {
      teacher = deepcopyModule(this.#teacher);
      for (const [name, predictor] of demoPredictors(teacher)) this.names.set(predictor, name);
    }
    const hidden = [example, ...failed];
    demoPredictors(teacher).forEach(([, predictor], index) => {
      predictor.demos = (this.#demos[index] ?? []).filter((demo) => !hidden.some((other) => pyEquals(demo, other)));
    });
    return teacher;
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
