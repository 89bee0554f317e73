import { createHash } from "node:crypto";
import { DSPyError } from "../../errors/dspy-error.js";
import { evaluatedModule } from "../../evaluate/evaluation-backend.js";
import type { MetricValue } from "../../evaluate/metric.js";
import type { EvaluationProgram } from "../../evaluate/run-evaluation.js";
import { Example } from "../../primitives/example.js";
import { Prediction } from "../../primitives/prediction.js";
import { savedProgramMetadata } from "../../primitives/program-file.js";
import { savedProgramJson } from "../../primitives/saved-program-json.js";

/** The queue every distributed evaluation uses unless told otherwise. */
export const DEFAULT_QUEUE = "dspy-evaluate";

/** One example as a BullMQ job carries it to a worker. */
export interface ExampleJobData {
  /** The evaluation this example belongs to (one per `Evaluate.run`). */
  evaluation: string;
  /** Its index in the devset the coordinator evaluates. */
  index: number;
  /** `example.toDict()` and its input keys. */
  example: { fields: Record<string, unknown>; inputKeys: string[] | null };
  /** SHA-256 of the program's saved JSON, stored under {@link programKey}. */
  program: string;
  /** The coordinator's metric name, which the worker's metric must have. */
  metric: string;
}

/** What a worker answers for one example. */
export type ExampleJobResult =
  | { status: "scored"; prediction: Record<string, unknown>; score: WireMetricValue }
  | { status: "failed"; error: string }
  | { status: "cancelled" };

/** A metric value on the wire: a prediction-valued metric (SemanticF1) travels as its fields. */
export type WireMetricValue = number | boolean | { prediction: Record<string, unknown> };

/** Redis keys and channels of one queue's distributed evaluations. */
export interface DistributedKeys {
  program(hash: string): string;
  cancelled(evaluation: string): string;
  cancelChannel: string;
}

/**
 * The Redis names a queue's evaluations use besides BullMQ's own keys.
 *
 * @example
 * distributedKeys("dspy-evaluate").cancelChannel; // "dspy:dspy-evaluate:cancel"
 */
export function distributedKeys(queue: string): DistributedKeys {
  return {
    program: (hash) => `dspy:${queue}:program:${hash}`,
    cancelled: (evaluation) => `dspy:${queue}:cancelled:${evaluation}`,
    cancelChannel: `dspy:${queue}:cancel`,
  };
}

/**
 * The program's state in DSPy's save format (what `program.save("x.json")` writes) and its
 * hash, so workers load exactly the program the coordinator evaluates.
 *
 * @example
 * const { text, hash } = savedProgramText(program);
 */
export function savedProgramText(program: EvaluationProgram): { text: string; hash: string } {
  const module = evaluatedModule(program);
  const dump = (module as { dumpState?: () => Record<string, unknown> }).dumpState;
  if (typeof dump !== "function") {
    throw new DSPyError(
      "A distributed evaluation needs a DSPy module (with dumpState) so workers can load its state; got a plain function (mark a wrapper with runsModule(wrapper, module)).",
      { code: "invalid_argument" },
    );
  }
  const text = savedProgramJson({ ...dump.call(module), metadata: savedProgramMetadata() });
  return { text, hash: createHash("sha256").update(text).digest("hex") };
}

/**
 * An example as job data.
 *
 * @example
 * encodeExample(new Example({ q: "1+1?", a: "2" }).withInputs("q")); // { fields: {...}, inputKeys: ["q"] }
 */
export function encodeExample(example: Example): ExampleJobData["example"] {
  return { fields: example.toDict(), inputKeys: example.inputKeys ? [...example.inputKeys] : null };
}

/**
 * The example a worker rebuilds from job data.
 *
 * @example
 * decodeExample({ fields: { q: "1+1?" }, inputKeys: ["q"] }).inputs().toDict(); // { q: "1+1?" }
 */
export function decodeExample(data: ExampleJobData["example"]): Example {
  return new Example(data.fields, data.inputKeys ?? undefined);
}

/**
 * A metric value as a worker sends it.
 *
 * @example
 * encodeMetricValue(true); // true
 */
export function encodeMetricValue(value: MetricValue): WireMetricValue {
  if (typeof value === "number" || typeof value === "boolean") return value;
  return { prediction: value.toDict() };
}

/**
 * A metric value as the coordinator counts it.
 *
 * @example
 * decodeMetricValue({ prediction: { score: 0.5 } }); // Prediction { score: 0.5 }
 */
export function decodeMetricValue(value: WireMetricValue): MetricValue {
  if (typeof value === "number" || typeof value === "boolean") return value;
  return new Prediction(value.prediction);
}

/**
 * A worker's prediction as the coordinator keeps it.
 *
 * @example
 * decodePrediction({ answer: "Paris" }).get("answer"); // "Paris"
 */
export function decodePrediction(fields: Record<string, unknown>): Prediction {
  return new Prediction(fields);
}

/**
 * The BullMQ job id of one example: unique per evaluation and index, so BullMQ never runs the
 * same example of the same evaluation as two jobs, and a retried job keeps its id.
 *
 * @example
 * exampleJobId("3f2c…", 7); // "3f2c….7"
 */
export function exampleJobId(evaluation: string, index: number): string {
  return `${evaluation}.${index}`;
}
