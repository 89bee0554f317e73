import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { RateLimiter, type RateLimits } from "./rate-limiter.js";

/**
 * Wraps an LM so its calls respect requests-per-minute and tokens-per-minute limits. Token use
 * is estimated before the call (prompt characters / 4 plus `max_tokens`) and corrected with the
 * usage the LM reports. Waiting honours the call's AbortSignal.
 *
 * @example
 * const lm = withRateLimit(new LM("openai/gpt-4o-mini"), { requestsPerMinute: 500, tokensPerMinute: 200_000 });
 */
export function withRateLimit(lm: BaseLM, limits: RateLimits, limiter = new RateLimiter(limits)): BaseLM {
  return {
    model: lm.model,
    kwargs: lm.kwargs,
    supportedParams: lm.supportedParams,
    supportsResponseSchema: lm.supportsResponseSchema,
    ...(lm.supportsFunctionCalling === undefined ? {} : { supportsFunctionCalling: lm.supportsFunctionCalling }),
    async call(messages: Message[], kwargs: Record<string, unknown>, options: LMCallOptions = {}): Promise<LMOutput[]> {
      const charged = await limiter.acquire(estimateTokens(messages, { ...lm.kwargs, ...kwargs }), options.signal);
      const outputs = await lm.call(messages, kwargs, options);
      limiter.settle(charged, reportedTokens(outputs));
      return outputs;
    },
  };
}

function estimateTokens(messages: Message[], kwargs: Record<string, unknown>): number {
  const characters = messages.reduce((sum, message) => sum + JSON.stringify(message.content ?? "").length, 0);
  const n = typeof kwargs.n === "number" ? kwargs.n : 1;
  const completion = typeof kwargs.max_tokens === "number" ? kwargs.max_tokens : 256;
  return Math.ceil(characters / 4) + completion * n;
}

function reportedTokens(outputs: LMOutput[]): number | undefined {
  const usage = (outputs[0] as { usage?: { total_tokens?: number } } | undefined)?.usage;
  return typeof usage?.total_tokens === "number" ? usage.total_tokens : undefined;
}
