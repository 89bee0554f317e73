import type { ModelMessage } from "ai";
import { LMTimeoutError } from "../errors/lm-errors.js";
import { aiSdk } from "./ai-sdk.js";
import type { LMOutput } from "./base-lm.js";
import { directGenerate, type GeneratedText } from "./direct-generate.js";
import type { GenerationSettings } from "./generation-settings.js";
import type { LMUsage } from "./lm-history.js";
import type { ResolvedModel } from "./resolve-model.js";
import { toLMError } from "./to-lm-error.js";
import { toDspyUsage } from "./usage.js";

/** What one provider request produced. */
export interface AttemptResult {
  output: LMOutput;
  usage: LMUsage;
  responseModel: string | null;
  finishReason: string;
}

/** One request's inputs. */
export interface GenerateOnceRequest {
  /** DSPy's model name, used in error messages. */
  model: string;
  resolved: ResolvedModel;
  messages: ModelMessage[];
  settings: GenerationSettings;
  /** Aborts the request; its reason is rethrown unchanged. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout; expiry raises a retryable {@link LMTimeoutError}. */
  timeoutMs?: number;
}

/**
 * Sends one chat request through the AI SDK (with the SDK's own retries off, since the LM owns
 * retries) and returns its output in DSPy's shape. Failures become LM errors; an abort rethrows
 * the signal's reason at once, even if the provider is slow to notice.
 *
 * @example
 * const { output, usage } = await generateOnce({ model, resolved, messages, settings, signal });
 */
export async function generateOnce(request: GenerateOnceRequest): Promise<AttemptResult> {
  const { signal, timeoutMs, resolved } = request;
  const timeout = timeoutMs !== undefined && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const attemptSignal = timeout ? (signal ? AbortSignal.any([signal, timeout]) : timeout) : signal;
  try {
    const result: GeneratedText = await raceAbort(
      directGenerate(resolved.languageModel, request.messages, request.settings, attemptSignal) ??
        aiSdk().generateText({
          model: resolved.languageModel,
          messages: request.messages,
          allowSystemInMessages: true,
          maxRetries: 0,
          abortSignal: attemptSignal,
          ...request.settings,
        }),
      attemptSignal,
    );
    const toolCalls = result.toolCalls.map((call) => ({
      id: call.toolCallId,
      type: "function",
      function: { name: call.toolName, arguments: JSON.stringify(call.input ?? {}) },
    }));
    // In JSON mode the SDK's structured text (e.g. Anthropic's JSON tool) is the answer.
    const text = request.settings.output ? String(result.output ?? result.text) : result.text;
    const output: LMOutput = { text: text === "" && toolCalls.length > 0 ? null : text };
    if (toolCalls.length > 0) output.toolCalls = toolCalls;
    if (result.reasoningText) output.reasoningContent = result.reasoningText;
    return {
      output,
      usage: toDspyUsage(result.usage),
      responseModel: result.response?.modelId ?? null,
      finishReason: result.finishReason,
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout?.aborted) {
      throw new LMTimeoutError(`request timed out after ${timeoutMs} ms`, {
        model: request.model,
        provider: resolved.provider,
        cause: error,
      });
    }
    throw toLMError(error, { model: request.model, provider: resolved.provider });
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
