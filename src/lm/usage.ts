import type { LanguageModelUsage } from "ai";
import type { LMUsage } from "./lm-history.js";

/**
 * AI SDK usage in DSPy's shape (lm15's `usage_dict`): `prompt_tokens`, `completion_tokens`,
 * `total_tokens`, and — whenever any count is known — `prompt_tokens_details` (`cached_tokens`,
 * `cache_creation_tokens`) and `completion_tokens_details` (`reasoning_tokens`), `null` when empty.
 *
 * @example
 * toDspyUsage(result.usage); // { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15, ... }
 */
export function toDspyUsage(usage: LanguageModelUsage | undefined): LMUsage {
  if (!usage) return {};
  const data = definedOnly({
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  });
  const promptDetails = definedOnly({
    cached_tokens: usage.inputTokenDetails?.cacheReadTokens,
    cache_creation_tokens: usage.inputTokenDetails?.cacheWriteTokens,
  });
  const completionDetails = definedOnly({ reasoning_tokens: usage.outputTokenDetails?.reasoningTokens });
  const any = [data, promptDetails, completionDetails].some((part) => Object.keys(part).length > 0);
  if (!any) return {};
  return {
    ...data,
    prompt_tokens_details: Object.keys(promptDetails).length > 0 ? promptDetails : null,
    completion_tokens_details: Object.keys(completionDetails).length > 0 ? completionDetails : null,
  };
}

/**
 * Adds usage dicts key by key, recursing into nested dicts, as DSPy's `UsageTracker` totals the
 * candidates of one call. Non-numeric values keep the first one seen.
 *
 * @example
 * sumUsage([{ prompt_tokens: 2 }, { prompt_tokens: 3 }]); // { prompt_tokens: 5 }
 */
export function sumUsage(usages: readonly LMUsage[]): LMUsage {
  const total: LMUsage = {};
  for (const usage of usages) {
    // for...in rather than Object.entries: every LM call sums its usage, so no arrays per key.
    for (const key in usage) {
      if (!Object.hasOwn(usage, key)) continue;
      const value = usage[key];
      const current = total[key];
      if (typeof value === "number") total[key] = (typeof current === "number" ? current : 0) + value;
      else if (isRecord(value)) total[key] = sumUsage([isRecord(current) ? current : {}, value]);
      else if (!(key in total)) total[key] = value;
    }
  }
  return total;
}

function definedOnly(record: Record<string, number | undefined>): Record<string, number> {
  const defined: Record<string, number> = {};
  for (const key in record) {
    const value = record[key];
    if (value !== undefined) defined[key] = value;
  }
  return defined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
