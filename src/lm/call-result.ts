import type { LMOutput } from "./base-lm.js";
import type { CacheLogger } from "./cache.js";
import type { AttemptResult } from "./generate-once.js";
import type { LMUsage } from "./lm-history.js";

/** What one LM call produced, as the cache stores it. */
export interface CallResult {
  outputs: LMOutput[];
  usages: LMUsage[];
  responseModel: string | null;
}

/**
 * The call's result from its completions' attempts, warning once when one was cut off by the
 * token limit (DSPy's `_check_truncation`).
 *
 * @example
 * const result = collectAttempts(attempts, logger);
 */
export function collectAttempts(attempts: readonly AttemptResult[], logger: CacheLogger): CallResult {
  if (attempts.some((attempt) => attempt.finishReason === "length")) {
    logger.warn("LM response was truncated; increase max_tokens or inspect history.");
  }
  return {
    outputs: attempts.map((attempt) => attempt.output),
    usages: attempts.map((attempt) => attempt.usage),
    responseModel: attempts[0]?.responseModel ?? null,
  };
}
