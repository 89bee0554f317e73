/**
 * What a streamified program yields besides its final `Prediction` (DSPy's
 * `dspy.streaming.messages`): field chunks from listeners, status messages, and raw LM text when
 * no listener is set.
 */

/**
 * A piece of one output field, as a {@link StreamListener} cut it from the LM's stream (DSPy's
 * `StreamResponse`). The last piece of a field has `isLastChunk: true`.
 *
 * @example
 * if (value instanceof StreamResponse) process.stdout.write(value.chunk);
 */
export class StreamResponse {
  constructor(
    /** The listened predictor's name in the program (`"self"` for a bare `Predict`); `null` when unknown. */
    readonly predictName: string | null,
    readonly signatureFieldName: string,
    readonly chunk: string,
    readonly isLastChunk: boolean,
  ) {}
}

/**
 * A progress message, e.g. `"Calling tool search..."` (DSPy's `StatusMessage`).
 *
 * @example
 * if (value instanceof StatusMessage) console.log(value.message);
 */
export class StatusMessage {
  constructor(readonly message: string) {}
}

/**
 * One raw text delta of an LM stream, yielded only when `streamify` has no listeners (DSPy then
 * yields LiteLLM's raw `ModelResponseStream` chunks).
 *
 * @example
 * if (value instanceof StreamChunk) process.stdout.write(value.text);
 */
export class StreamChunk {
  constructor(
    /** The predictor whose LM call produced the text. */
    readonly predictor: object,
    readonly text: string,
  ) {}
}
