import type { Adapter } from "../adapters/adapter.js";
import type { Demo } from "../adapters/message.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { Signature } from "../signatures/signature.js";
import { context, settings } from "./settings.js";
import { streamingLM, withoutJsonFallback } from "./streaming-lm.js";

/** What {@link adapterCall} passes on to `adapter.call`. */
export interface AdapterCallRequest {
  lm: BaseLM;
  config: Record<string, unknown>;
  signature: Signature;
  demos: readonly Demo[];
  inputs: Demo;
  signal?: AbortSignal | undefined;
}

/**
 * A predictor's adapter call, streamed or not (DSPy's `Predict._should_stream`). Outside
 * `streamify` it is just `adapter.call`. Inside, a predictor that is listened to (or any
 * predictor when nothing is) calls the LM through `lm.stream` and sends its deltas to the
 * stream; any other runs with the stream hidden, so its LM calls announce nothing either.
 *
 * @example
 * const completions = await adapterCall(this, adapter, { lm, config, signature, demos, inputs, signal });
 */
export function adapterCall(
  predictor: object,
  adapter: Adapter,
  request: AdapterCallRequest,
): Promise<Record<string, unknown>[]> {
  const { lm, config, signature, demos, inputs, signal } = request;
  const sink = settings().sendStream;
  if (!sink) return adapter.call(lm, config, signature, demos, inputs, { signal });
  if (!sink.streams(predictor)) {
    return context({ sendStream: undefined }, () => adapter.call(lm, config, signature, demos, inputs, { signal }));
  }
  // An LM that cannot stream still answers; its field simply arrives with the prediction.
  if (!lm.stream) return adapter.call(lm, config, signature, demos, inputs, { signal });
  const streamed = streamingLM(lm as Required<BaseLM>, sink, predictor, adapter);
  return withoutJsonFallback(adapter).call(streamed, config, signature, demos, inputs, { signal });
}
