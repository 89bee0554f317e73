import type { Adapter } from "../adapters/adapter.js";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { withCallbacks } from "../utils/callback.js";
import type { StreamSink } from "./stream-sink.js";

/** A {@link BaseLM} that can stream. */
export type StreamableLM = BaseLM & Required<Pick<BaseLM, "stream">>;

/**
 * The LM as a streamed predictor sees it: each call goes through `lm.stream`, every text delta is
 * sent to `sink` tagged with `predictor` and `adapter`, and the call returns the same outputs as
 * `lm.call` (firing the same LM callbacks). Everything else is the LM itself. If the consumer
 * stops reading, the send rejects and the LM stream is closed.
 *
 * @example
 * const lm = streamingLM(settings().lm, sink, this, adapter);
 * await adapter.call(lm, config, signature, demos, inputs);
 */
export function streamingLM(lm: StreamableLM, sink: StreamSink, predictor: object, adapter: Adapter): BaseLM {
  const call = (messages: Message[], kwargs: Record<string, unknown> = {}, options: LMCallOptions = {}) =>
    withCallbacks(
      "lm",
      lm,
      { prompt: null, messages, kwargs },
      () => relay(lm.stream(messages, kwargs, options), sink, predictor, adapter),
      "__call__",
    );
  return new Proxy(lm, {
    get(target, property) {
      if (property === "call") return call;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function relay(
  stream: AsyncGenerator<string, LMOutput[], undefined>,
  sink: StreamSink,
  predictor: object,
  adapter: Adapter,
): Promise<LMOutput[]> {
  let finished = false;
  try {
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        finished = true;
        return next.value;
      }
      await sink.send({ type: "chunk", predictor, adapter, text: next.value });
    }
  } finally {
    // Leaving early (the consumer went away, or a send failed) must close the HTTP stream too.
    if (!finished) await stream.return([]);
  }
}

/**
 * `adapter` without the retry through the JSON adapter after a parse failure: DSPy 3.4 never
 * falls back once streamed text has reached the caller, and a streamed call always has.
 *
 * @example
 * await withoutJsonFallback(new ChatAdapter()).call(lm, {}, signature, [], inputs); // a parse failure throws
 */
export function withoutJsonFallback(adapter: Adapter): Adapter {
  if (!(adapter instanceof ChatAdapter) || !adapter.useJsonAdapterFallback) return adapter;
  // A view of the same adapter (its settings, its callbacks) with only the fallback switched off.
  return Object.create(adapter, { useJsonAdapterFallback: { value: false } }) as Adapter;
}
