import { currentSettings, runWithSettings } from "./settings-store.js";

/** One usage record in DSPy's (OpenAI's) shape: `prompt_tokens`, `completion_tokens`, … */
export type UsageRecord = Record<string, unknown>;

/** The settings keys of usage tracking. */
export interface UsageSettings {
  /** DSPy's `track_usage`: top-level module calls attach `getLmUsage()` to their predictions. */
  trackUsage: boolean;
  /** DSPy's `usage_tracker`: where LM calls in this scope report usage (set by {@link trackUsage}). */
  usageTracker: UsageTracker | undefined;
}

/**
 * DSPy's `UsageTracker` (`dspy/utils/usage_tracker.py`): collects the usage of every billed LM
 * call in a scope, per model, and totals it with DSPy's merge rules — numbers add up, nested
 * records merge key by key, a missing or `null` value takes the other side's, and anything else
 * (strings, flags) keeps the first value seen.
 *
 * @example
 * const tracker = new UsageTracker();
 * tracker.addUsage("openai/gpt-4o-mini", { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 });
 * tracker.getTotalTokens(); // { "openai/gpt-4o-mini": { prompt_tokens: 10, ... } }
 */
export class UsageTracker {
  /** Usage records per model, in call order (DSPy's `usage_data`). */
  readonly usageData = new Map<string, UsageRecord[]>();

  /**
   * Records one call's usage; an empty record (a cache hit) is skipped, as DSPy does.
   *
   * @example
   * tracker.addUsage(lm.model, { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 });
   */
  addUsage(model: string, usage: UsageRecord): void {
    if (Object.keys(usage).length === 0) return;
    const entries = this.usageData.get(model) ?? [];
    entries.push(usage);
    this.usageData.set(model, entries);
  }

  /**
   * Totals per model (DSPy's `get_total_tokens`).
   *
   * @example
   * tracker.getTotalTokens()["openai/gpt-4o-mini"]?.total_tokens;
   */
  getTotalTokens(): Record<string, UsageRecord> {
    const totals: Record<string, UsageRecord> = {};
    for (const [model, entries] of this.usageData) {
      totals[model] = entries.reduce<UsageRecord>((total, entry) => mergeUsage(total, entry), {});
    }
    return totals;
  }

  /** Appends another tracker's records (a nested scope rolling up into its parent). */
  absorb(other: UsageTracker): void {
    for (const [model, entries] of other.usageData) {
      this.usageData.set(model, [...(this.usageData.get(model) ?? []), ...entries]);
    }
  }
}

/**
 * DSPy's `track_usage()`: runs `fn` with a fresh tracker that collects the usage of every LM
 * call inside it (concurrent work started inside included). When scopes nest, the inner one
 * rolls its records up into the outer one on exit. Inside such a scope, modules do not attach
 * usage to their predictions — the caller owns the tracker, as in DSPy.
 *
 * @example
 * const usage = await trackUsage(async (tracker) => {
 *   await program.call({ question });
 *   return tracker.getTotalTokens();
 * });
 */
export async function trackUsage<T>(fn: (tracker: UsageTracker) => T | Promise<T>): Promise<T> {
  const tracker = new UsageTracker();
  const parent = currentSettings<UsageSettings>().usageTracker;
  try {
    return await runWithSettings({ ...currentSettings(), usageTracker: tracker }, () => fn(tracker));
  } finally {
    parent?.absorb(tracker);
  }
}

/** DSPy's `UsageTracker._merge_usage_entries`. */
export function mergeUsage(first: UsageRecord | null | undefined, second: UsageRecord | null | undefined): UsageRecord {
  if (!first || Object.keys(first).length === 0) return { ...second };
  if (!second || Object.keys(second).length === 0) return { ...first };
  const result: UsageRecord = { ...first };
  for (const [key, value] of Object.entries(second)) {
    const current = result[key];
    if (isRecord(value) || isRecord(current)) {
      result[key] = mergeUsage(isRecord(current) ? current : null, isRecord(value) ? value : null);
    } else if (current === null || current === undefined) {
      if (value !== null && value !== undefined) result[key] = value;
    } else if (typeof current === "number" && typeof value === "number") {
      result[key] = current + value;
    }
    // Anything else keeps `current`: providers report extra fields (flags, ids) that must not add up.
  }
  return result;
}

function isRecord(value: unknown): value is UsageRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
