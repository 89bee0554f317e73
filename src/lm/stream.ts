import { AbortError } from "../errors/abort-error.js";
import { LMError, LMTimeoutError } from "../errors/lm-errors.js";
import { aiSdk } from "./ai-sdk.js";
import type { LMOutput } from "./base-lm.js";
import type { AttemptResult, GenerateOnceRequest } from "./generate-once.js";
import { abortableSleep, type RetryOptions, retryDelayMs } from "./retry.js";
import { toLMError } from "./to-lm-error.js";
import { toDspyUsage } from "./usage.js";

/** What {@link streamCompletions} needs: one request, how many completions, and the retry policy. */
export interface StreamCompletionsRequest extends Omit<GenerateOnceRequest, "signal"> {
  /** Completions to stream, one after the other (DSPy 3.4 streams `n` candidates sequentially). */
  n: number;
  signal?: AbortSignal | undefined;
  retry: Omit<RetryOptions, "signal">;
}

/** A request whose abort signal is always there (the stream aborts it when its consumer stops). */
type SignalledRequest = GenerateOnceRequest & { signal: AbortSignal };

/**
 * Streams `n` completions' text deltas, one completion after the other, and returns every
 * attempt's result. A failure before a completion's first delta is retried like a call; once
 * text has been sent it cannot be taken back, so later failures are raised (as in DSPy). A
 * consumer that stops early aborts the HTTP stream.
 *
 * @example
 * const stream = streamCompletions({ model, resolved, messages, settings, n: 1, retry: { retries: 3 } });
 * for (let next = await stream.next(); !next.done; next = await stream.next()) write(next.value);
 */
export async function* streamCompletions(
  request: StreamCompletionsRequest,
): AsyncGenerator<string, AttemptResult[], undefined> {
  const controller = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
  let finished = false;
  try {
    const attempts: AttemptResult[] = [];
    for (let index = 0; index < request.n; index++) {
      attempts.push(yield* streamWithRetries({ ...request, signal }, request.retry));
    }
    finished = true;
    return attempts;
  } finally {
    // Reached without `finished` when the consumer stopped (break, return) or something failed.
    if (!finished) controller.abort(new AbortError("the LM stream was closed before it ended"));
  }
}

async function* streamWithRetries(
  request: SignalledRequest,
  retry: Omit<RetryOptions, "signal">,
): AsyncGenerator<string, AttemptResult, undefined> {
  const { signal } = request;
  for (let attempt = 0; ; attempt++) {
    signal.throwIfAborted();
    let emitted = false;
    try {
      return yield* tracked(streamOnce(request), () => {
        emitted = true;
      });
    } catch (error) {
      signal.throwIfAborted();
      if (emitted || !(error instanceof LMError) || !error.isRetryable || attempt >= retry.retries) throw error;
      const delayMs = retryDelayMs(error, attempt, retry);
      retry.onRetry?.({ error, attempt, delayMs });
      await abortableSleep(delayMs, signal);
    }
  }
}

async function* tracked<T, R>(source: AsyncGenerator<T, R, undefined>, onItem: () => void): AsyncGenerator<T, R> {
  for (;;) {
    const next = await source.next();
    if (next.done) return next.value;
    onItem();
    yield next.value;
  }
}

/**
 * One streamed request through the AI SDK's `streamText` (its own retries off): yields each
 * text delta, returns the assembled output, usage and finish reason. Failures become LM errors
 * as in {@link generateOnce}; an abort rethrows the signal's reason.
 *
 * @example
 * const stream = streamOnce({ model, resolved, messages, settings, signal });
 */
export async function* streamOnce(request: SignalledRequest): AsyncGenerator<string, AttemptResult, undefined> {
  const { signal, timeoutMs, resolved } = request;
  const timeout = timeoutMs !== undefined && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const attemptSignal = timeout ? AbortSignal.any([signal, timeout]) : signal;
  let text = "";
  let reasoning = "";
  const toolCalls: unknown[] = [];
  const done: Partial<Omit<AttemptResult, "output">> = {};
  try {
    const result = aiSdk().streamText({
      model: resolved.languageModel,
      messages: request.messages,
      allowSystemInMessages: true,
      maxRetries: 0,
      abortSignal: attemptSignal,
      // Errors arrive as stream parts and are raised below; the SDK's default handler would also log them.
      onError: () => {},
      ...request.settings,
    });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        if (!part.text) continue;
        text += part.text;
        yield part.text;
      } else if (part.type === "reasoning-delta") {
        reasoning += part.text;
      } else if (part.type === "tool-call") {
        const args = JSON.stringify(part.input ?? {});
        toolCalls.push({ id: part.toolCallId, type: "function", function: { name: part.toolName, arguments: args } });
      } else if (part.type === "finish-step") {
        done.responseModel = part.response?.modelId ?? null;
      } else if (part.type === "finish") {
        done.usage = toDspyUsage(part.totalUsage);
        done.finishReason = part.finishReason;
      } else if (part.type === "error") {
        throw part.error;
      } else if (part.type === "abort") {
        throw attemptSignal.reason ?? new AbortError("the LM stream was aborted");
      }
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (timeout?.aborted) {
      throw new LMTimeoutError(`request timed out after ${timeoutMs} ms`, {
        model: request.model,
        provider: resolved.provider,
        cause: error,
      });
    }
    throw toLMError(error, { model: request.model, provider: resolved.provider });
  }
  const output: LMOutput = { text: text === "" && toolCalls.length > 0 ? null : text };
  if (toolCalls.length > 0) output.toolCalls = toolCalls;
  if (reasoning) output.reasoningContent = reasoning;
  return {
    output,
    usage: done.usage ?? {},
    responseModel: done.responseModel ?? null,
    finishReason: done.finishReason ?? "unknown",
  };
}
