import type { Message } from "./message.js";

/** One completion returned by an LM call (a call with `n > 1` returns several). */
export interface LMOutput {
  /** The completion text; `null` when the model answered only with tool calls. */
  text: string | null;
  /** Native tool calls, OpenAI-shaped. */
  toolCalls?: unknown[];
  /** Token log-probabilities when requested. */
  logprobs?: unknown;
  /** Provider reasoning text, for reasoning models. */
  reasoningContent?: string;
}

/** Per-call options that are not LM parameters. */
export interface LMCallOptions {
  /** Aborts the HTTP request and any retry wait. */
  signal?: AbortSignal;
}

/**
 * What adapters need from a language model: a model name, its capabilities, and one async call.
 * `LM` implements it on the AI SDK; test doubles implement it directly.
 *
 * @example
 * const outputs = await lm.call([{ role: "user", content: "hi" }], { temperature: 0 });
 */
export interface BaseLM {
  /** `"provider/model"`, e.g. `"openai/gpt-4o-mini"`. */
  readonly model: string;
  /** Default request parameters (temperature, max_tokens, n, ...). */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Request parameters the provider accepts (DSPy checks `"response_format"`). */
  readonly supportedParams: ReadonlySet<string>;
  /** Whether the provider accepts a JSON schema as the response format. */
  readonly supportsResponseSchema: boolean;
  /** Whether the model takes `tools` and answers with tool calls (absent: no, as DSPy's `BaseLM`). */
  readonly supportsFunctionCalling?: boolean;
  /** Sends one request; returns one output per requested completion. */
  call(messages: Message[], kwargs: Record<string, unknown>, options?: LMCallOptions): Promise<LMOutput[]>;
  /**
   * Optional: the same request streamed. Yields text deltas as they arrive and returns what
   * `call` would. `streamify` uses it for the predictors it listens to; an LM without it is
   * called as usual there, and streams nothing.
   */
  stream?(
    messages: Message[],
    kwargs: Record<string, unknown>,
    options?: LMCallOptions,
  ): AsyncGenerator<string, LMOutput[], undefined>;
}
