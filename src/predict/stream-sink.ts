import type { Adapter } from "../adapters/adapter.js";

/** A text delta of a streamed predictor's LM call, with the adapter that formatted the request. */
export interface StreamChunkEvent {
  type: "chunk";
  predictor: object;
  adapter: Adapter;
  text: string;
}

/** One event a program running under `streamify` sends to the consumer. */
export type StreamEvent = StreamChunkEvent | { type: "status"; message: string };

/**
 * Where a program running under `streamify` sends its stream (DSPy's `settings.send_stream`).
 * Lives in the settings context, so concurrent streams never see each other's.
 *
 * @example
 * const sink = settings().sendStream;
 * if (sink?.streams(this)) await sink.send({ type: "status", message: "Searching..." });
 */
export interface StreamSink {
  /** Whether `predictor`'s LM calls stream: it has a listener, or `streamify` has no listeners at all. */
  streams(predictor: object): boolean;
  /** Queues an event; resolves when the consumer has room, rejects once it has stopped reading. */
  send(event: StreamEvent): Promise<void>;
}

/** The settings key of the stream (`context({ sendStream })`). */
export interface StreamSettings {
  /** The stream of the enclosing `streamify` call; `undefined` outside one (and in unstreamed predictors). */
  sendStream: StreamSink | undefined;
}
