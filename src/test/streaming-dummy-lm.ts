import type { LMCallOptions, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { abortableSleep } from "../lm/retry.js";
import { DummyLM, type DummyLMOptions } from "./dummy-lm.js";

/** Options for {@link StreamingDummyLM}. */
export interface StreamingDummyLMOptions extends DummyLMOptions {
  /** How each answer is cut into deltas (default: one per word with its trailing space, as ScriptedServer). */
  chunks?: (text: string) => string[];
  /** Pause before each delta, in ms (default none), so a test can stop a stream half-way. */
  delayMs?: number;
}

/**
 * A {@link DummyLM} that can also stream: `stream` answers as `call` does, then yields the text
 * in pieces. `deltas` records what each stream yielded, so a test can see where it stopped.
 *
 * @example
 * const lm = new StreamingDummyLM([{ answer: "Paris" }], { chunks: (text) => text.match(/.{1,3}/gs) ?? [] });
 * const stream = streamify(new Predict("question -> answer"), { streamListeners: [listener] });
 */
export class StreamingDummyLM extends DummyLM {
  /** The deltas each `stream` call yielded, in order. */
  readonly deltas: string[][] = [];
  readonly #split: (text: string) => string[];
  readonly #delayMs: number;

  constructor(
    answers: Record<string, unknown>[] | Record<string, Record<string, unknown>>,
    options: StreamingDummyLMOptions = {},
  ) {
    super(answers, options);
    this.#split = options.chunks ?? ((text) => text.match(/\S+\s*|\s+/g) ?? []);
    this.#delayMs = options.delayMs ?? 0;
  }

  async *stream(
    messages: Message[],
    kwargs: Record<string, unknown> = {},
    options: LMCallOptions = {},
  ): AsyncGenerator<string, LMOutput[], undefined> {
    const outputs = await this.call(messages, kwargs);
    const yielded: string[] = [];
    this.deltas.push(yielded);
    for (const output of outputs) {
      for (const piece of this.#split(output.text ?? "")) {
        if (this.#delayMs > 0) await abortableSleep(this.#delayMs, options.signal);
        options.signal?.throwIfAborted();
        yielded.push(piece);
        yield piece;
      }
    }
    return outputs;
  }
}
