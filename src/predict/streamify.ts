import { AbortError } from "../errors/abort-error.js";
import type { Prediction } from "../primitives/prediction.js";
import { AsyncChannel } from "../utils/async-channel.js";
import { bindStreamListeners } from "./bind-stream-listeners.js";
import type { CallableModule } from "./callable-module.js";
import { context, settings } from "./settings.js";
import { resolveStatusMessageProvider, type StatusMessageProvider } from "./status-message-provider.js";
import { StatusStreamingCallback } from "./status-streaming-callback.js";
import type { StreamListener } from "./stream-listener.js";
import { StatusMessage, StreamChunk, type StreamResponse } from "./stream-messages.js";
import type { StreamEvent, StreamSink } from "./stream-sink.js";

/** Options for {@link streamify}. */
export interface StreamifyOptions {
  /** Output fields to stream; without listeners every LM delta is yielded raw ({@link StreamChunk}). */
  streamListeners?: readonly StreamListener[];
  /** Which status messages to yield (default: tool calls only); a subclass or an object with some methods. */
  statusMessageProvider?: Partial<StatusMessageProvider>;
  /**
   * Yield the final prediction (default true). When false, it is still yielded if a listener saw
   * its whole field at once (a cache hit) or no listener started, as DSPy does.
   */
  includeFinalPrediction?: boolean;
}

/** What a streamified program yields: field chunks, status messages, raw deltas, and its prediction last. */
export type StreamValue<Output> = StreamResponse | StatusMessage | StreamChunk | Output;

/** Per-call options of a streamified program. */
export interface StreamCallOptions {
  /** Aborts the program and its LM streams; the iteration then throws the reason. */
  signal?: AbortSignal | undefined;
}

// DSPy's memory object stream holds 16 items before the program waits for the consumer.
const BUFFER = 16;

/**
 * DSPy's `dspy.streamify`: wraps a program so that a call yields, while the program runs, the
 * chunks of the listened output fields ({@link StreamResponse}), status messages for tool calls
 * (and, with a custom provider, module and LM calls), and finally the `Prediction`. Only the
 * listened predictors' LM calls stream (through `lm.stream`); the rest run as usual. A consumer
 * that stops reading early aborts the program and closes its HTTP streams.
 *
 * @example
 * const stream = streamify(new ChainOfThought("question -> answer"), {
 *   streamListeners: [new StreamListener({ signatureFieldName: "answer" })],
 * });
 * for await (const value of stream({ question: "Why is the sky blue?" })) {
 *   if (value instanceof StreamResponse) process.stdout.write(value.chunk);
 *   else if (value instanceof Prediction) console.log("\n", value.get("answer"));
 * }
 */
export function streamify<Inputs extends Record<string, unknown>, Output extends Prediction>(
  program: CallableModule<Inputs, Output>,
  options: StreamifyOptions = {},
): (inputs: Inputs, callOptions?: StreamCallOptions) => AsyncGenerator<StreamValue<Output>, void, undefined> {
  // Resolved now, so an unknown or ambiguous field fails at streamify() as in DSPy.
  const bound = bindStreamListeners(program, options.streamListeners ?? []);
  const provider = resolveStatusMessageProvider(options.statusMessageProvider);
  const includeFinal = options.includeFinalPrediction ?? true;

  return async function* streamed(inputs, callOptions = {}) {
    // Fresh listener state per call (DSPy reuses its listeners, so a second call streams nothing).
    const listeners = bound.map(({ listener, predict, predictName }) => listener.copy(predict, predictName));
    const byPredictor = new Map<object, StreamListener[]>();
    for (const listener of listeners) {
      const predict = listener.predict as object;
      byPredictor.set(predict, [...(byPredictor.get(predict) ?? []), listener]);
    }
    const channel = new AsyncChannel<StreamEvent | { type: "prediction"; prediction: Output }>(BUFFER);
    const controller = new AbortController();
    const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, controller.signal]) : controller.signal;
    const sink: StreamSink = {
      streams: (predictor) => byPredictor.size === 0 || byPredictor.has(predictor),
      send: (event) => channel.send(event),
    };
    const callbacks = settings().callbacks ?? [];
    const status = callbacks.some((callback) => callback instanceof StatusStreamingCallback)
      ? callbacks
      : [...callbacks, new StatusStreamingCallback(provider)];
    context({ sendStream: sink, callbacks: status }, () => program.call(inputs, { signal }))
      .then((prediction) => channel.send({ type: "prediction", prediction }))
      .then(
        () => channel.close(),
        (error: unknown) => channel.fail(error),
      );

    let finished = false;
    try {
      for await (const event of channel) {
        if (event.type === "chunk") {
          if (byPredictor.size === 0) {
            yield new StreamChunk(event.predictor, event.text);
            continue;
          }
          for (const listener of byPredictor.get(event.predictor) ?? []) {
            const output = listener.receive(event.text, event.adapter);
            if (output) yield output;
          }
        } else if (event.type === "status") {
          yield new StatusMessage(event.message);
        } else {
          // The LM stream is over: what the listeners still hold back is their fields' last chunk.
          for (const listener of listeners) {
            const last = listener.finalize();
            if (last) yield last;
          }
          const silent = !listeners.some((listener) => listener.streamStart);
          if (includeFinal || listeners.length === 0 || listeners.some((l) => l.cacheHit) || silent) {
            yield event.prediction;
          }
          finished = true;
          return;
        }
      }
    } finally {
      if (!finished) {
        const reason = new AbortError("streamify: the consumer stopped reading the stream");
        controller.abort(reason);
        channel.cancel(reason);
      }
    }
  };
}
