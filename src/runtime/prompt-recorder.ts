import type { EvaluationRow } from "../evaluate/evaluation-result.js";
import type { EvaluationProgram } from "../evaluate/run-evaluation.js";
import type { Message } from "../lm/message.js";
import { observeLmCalls } from "./observe-lm-calls.js";

/** One LM call an example made, as stored beside its result: what was sent and what came back. */
export interface RecordedLmCall {
  model: string;
  messages: readonly Message[];
  outputs: string[];
  error?: string;
}

/**
 * Wraps a program so the LM calls each example makes are kept with that example's result — the
 * exact prompts the dashboard shows beside each row. `take(row)` hands them over once (keyed by
 * the row's prediction, or by its error when the example failed) and forgets them.
 *
 * @example
 * const recorder = new PromptRecorder(program);
 * await evaluate.run(recorder.program, { onResult: (row) => save(row.index, recorder.take(row)) });
 */
export class PromptRecorder {
  readonly program: EvaluationProgram;
  readonly #calls = new WeakMap<object, RecordedLmCall[]>();

  constructor(program: EvaluationProgram) {
    this.program = async (inputs, options) => {
      const calls: RecordedLmCall[] = [];
      const keep = ({ model, messages, outputs, error }: RecordedLmCall) =>
        calls.push(error === undefined ? { model, messages, outputs } : { model, messages, outputs, error });
      try {
        const prediction = await observeLmCalls(keep, () =>
          typeof program === "function" ? program(inputs, options) : program.call(inputs, options),
        );
        if (prediction !== null && typeof prediction === "object") this.#calls.set(prediction, calls);
        return prediction;
      } catch (error) {
        if (error !== null && typeof error === "object") this.#calls.set(error, calls);
        throw error;
      }
    };
  }

  /** The LM calls behind `row` (its prediction, or the error it failed with). */
  take(row: Pick<EvaluationRow, "prediction" | "error">): RecordedLmCall[] | undefined {
    const key = row.error !== null && typeof row.error === "object" ? row.error : row.prediction;
    const calls = this.#calls.get(key);
    this.#calls.delete(key);
    return calls;
  }
}
