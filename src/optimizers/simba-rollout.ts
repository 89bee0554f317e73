import { AbortError } from "../errors/abort-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import { rolloutLM } from "../predict/rollout-lm.js";
import { type Settings, context as settingsContext, type TraceEntry } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import type { Prediction } from "../primitives/prediction.js";
import { callMetric, type OptimizerMetric, type Program } from "./program.js";

/**
 * A metric's verdict as SIMBA keeps it: the number or boolean the metric returned (a prediction's
 * `score` field), `0` when it failed, or `"N/A"` once `append_a_rule` has blanked an outcome.
 */
export type SimbaScore = number | boolean | "N/A";

/** One run of a program on one example (DSPy's `wrap_program` result dict). */
export interface SimbaOutcome {
  /** `null` when the program raised. */
  prediction: Prediction | Record<string, unknown> | null;
  trace: TraceEntry[];
  score: SimbaScore;
  example: Example;
  /** The metric prediction's other fields, when the metric returned a prediction. */
  outputMetadata: Record<string, unknown>;
}

/** Options shared by every run SIMBA makes. */
export interface SimbaRunOptions {
  metric: OptimizerMetric;
  signal: AbortSignal;
  /** Where failures are reported (DSPy logs them as warnings and scores 0). */
  warn: (message: string) => void;
}

/**
 * A score as a number: booleans count 1/0, as Python sums them.
 *
 * @example
 * scoreValue(true); // 1
 */
export function scoreValue(score: SimbaScore): number {
  if (score === "N/A") return Number.NaN;
  return typeof score === "boolean" ? Number(score) : score;
}

/**
 * DSPy's `wrap_program(program, metric)(example)`: runs the program on the example's inputs with
 * a fresh trace, then scores it. A program error leaves the prediction `null`; a metric error (or
 * a metric value that is not a number, boolean or scored prediction) scores 0 — neither ends the
 * run. Cancellation does.
 *
 * @example
 * const outcome = await runWrapped(program, example, { metric, signal, warn: console.warn });
 */
export async function runWrapped(program: Program, example: Example, options: SimbaRunOptions): Promise<SimbaOutcome> {
  const trace: TraceEntry[] = [];
  let prediction: Prediction | null = null;
  await settingsContext({ trace } as Partial<Settings>, async () => {
    try {
      prediction = await program.call(example.inputs().toDict(), { signal: options.signal });
    } catch (error) {
      if (options.signal.aborted || error instanceof AbortError) throw error;
      options.warn(String(error));
    }
  });
  let score: SimbaScore = 0.0;
  let outputMetadata: Record<string, unknown> = {};
  try {
    const value = await callMetric(options.metric, example, prediction as unknown as Prediction);
    if (typeof value === "number" || typeof value === "boolean") {
      score = value;
    } else if (value instanceof Example) {
      if (!value.has("score")) {
        throw new Error("When `metric` returns a `dspy.Prediction`, it must contain a `score` field.");
      }
      score = value.get("score") as number;
      outputMetadata = Object.fromEntries(
        value
          .keys()
          .filter((key) => key !== "score")
          .map((k) => [k, value.get(k)]),
      );
    }
  } catch (error) {
    if (options.signal.aborted || error instanceof AbortError) throw error;
    options.warn(String(error));
  }
  return { prediction, trace: [...trace], score, example, outputMetadata };
}

/**
 * DSPy's `prepare_models_for_resampling`: `n` LMs for trajectory sampling, the program's (or the
 * context's) LM copied with `rollout_id = start + i` and temperature 1.0 — so each samples anew
 * rather than hitting the cache. With teacher settings the first is the teacher's LM (or the
 * base LM) with only its rollout id set.
 *
 * @example
 * const models = prepareModelsForResampling(lm, 6); // rollout ids 0..5
 */
export function prepareModelsForResampling(
  lm: BaseLM,
  n: number,
  teacherSettings?: Partial<Settings> | undefined,
): BaseLM[] {
  const start = typeof lm.kwargs.rollout_id === "number" ? lm.kwargs.rollout_id : 0;
  const models: BaseLM[] = [];
  let first = 0;
  if (teacherSettings && Object.keys(teacherSettings).length > 0 && n > 0) {
    models.push(withRolloutId(teacherSettings.lm ?? lm, start));
    first = 1;
  }
  for (let i = first; i < n; i++) models.push(rolloutLM(lm, start + i));
  return models;
}

// DSPy sets `teacher_lm.kwargs["rollout_id"]` in place; a wrapper sends the same request.
function withRolloutId(lm: BaseLM, rolloutId: number): BaseLM {
  return {
    model: lm.model,
    kwargs: { ...lm.kwargs, rollout_id: rolloutId },
    supportedParams: lm.supportedParams,
    supportsResponseSchema: lm.supportsResponseSchema,
    call: (messages, kwargs, options) => lm.call(messages, { rollout_id: rolloutId, ...kwargs }, options),
  };
}
