import { describe, expect, it } from "vitest";
import { currentSettings } from "./settings-store.js";
import { mergeUsage, trackUsage, type UsageSettings, UsageTracker } from "./usage-tracker.js";

describe("UsageTracker", () => {
  it("totals per model with DSPy 3.4.1's merge rules", () => {
    const tracker = new UsageTracker();
    tracker.addUsage("m", {
      prompt_tokens: 3,
      completion_tokens: 1,
      total_tokens: 4,
      prompt_tokens_details: null,
      completion_tokens_details: { reasoning_tokens: 2 },
      is_byok: true,
      cost: 0.5,
      id: "a",
    });
    tracker.addUsage("m", {
      prompt_tokens: 5,
      completion_tokens: 2,
      total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: null,
      is_byok: false,
      cost: 0.25,
      id: "b",
      extra: null,
    });
    tracker.addUsage("m", {});
    tracker.addUsage("n", { prompt_tokens: 1, completion_tokens_details: { reasoning_tokens: null } });
    tracker.addUsage("n", { prompt_tokens: null, completion_tokens_details: { reasoning_tokens: 3 } });
    // Printed by DSPy 3.4.1's UsageTracker for the same records (JSON key order included).
    const expected =
      '{"m":{"prompt_tokens":8,"completion_tokens":3,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":4},' +
      '"completion_tokens_details":{"reasoning_tokens":2},"is_byok":true,"cost":0.75,"id":"a"},' +
      '"n":{"prompt_tokens":1,"completion_tokens_details":{"reasoning_tokens":3}}}';
    expect(JSON.stringify(tracker.getTotalTokens())).toBe(expected);
  });

  it("skips empty records, so a model seen only through cache hits has no total", () => {
    const tracker = new UsageTracker();
    tracker.addUsage("cached", {});
    expect(tracker.getTotalTokens()).toEqual({});
  });

  it("never mutates the records it merges", () => {
    const first = { prompt_tokens: 1, details: { cached_tokens: 1 } };
    const second = { prompt_tokens: 2, details: { cached_tokens: 2 } };
    expect(mergeUsage(mergeUsage({}, first), second)).toEqual({ prompt_tokens: 3, details: { cached_tokens: 3 } });
    expect(first).toEqual({ prompt_tokens: 1, details: { cached_tokens: 1 } });
  });
});

describe("trackUsage", () => {
  it("scopes a tracker to the callback and rolls nested scopes up into the outer one", async () => {
    const outer = await trackUsage(async (tracker) => {
      currentSettings<UsageSettings>().usageTracker?.addUsage("a", { total_tokens: 1 });
      const inner = await trackUsage((innerTracker) => {
        currentSettings<UsageSettings>().usageTracker?.addUsage("a", { total_tokens: 10 });
        return innerTracker.getTotalTokens();
      });
      expect(inner).toEqual({ a: { total_tokens: 10 } });
      return tracker.getTotalTokens();
    });
    expect(outer).toEqual({ a: { total_tokens: 11 } });
    expect(currentSettings<UsageSettings>().usageTracker).toBeUndefined();
  });

  it("keeps concurrent scopes apart", async () => {
    const report = (tokens: number) =>
      trackUsage(async (tracker) => {
        for (let step = 0; step < 3; step++) {
          await new Promise((resolve) => setTimeout(resolve, 1 + ((tokens + step) % 3)));
          currentSettings<UsageSettings>().usageTracker?.addUsage("m", { total_tokens: tokens });
        }
        return tracker.getTotalTokens();
      });
    const totals = await Promise.all([report(1), report(100), report(10_000)]);
    expect(totals).toEqual([{ m: { total_tokens: 3 } }, { m: { total_tokens: 300 } }, { m: { total_tokens: 30_000 } }]);
  });

  it("rolls up the inner records even when the inner scope throws", async () => {
    const total = await trackUsage(async (tracker) => {
      await expect(
        trackUsage(() => {
          currentSettings<UsageSettings>().usageTracker?.addUsage("m", { total_tokens: 5 });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      return tracker.getTotalTokens();
    });
    expect(total).toEqual({ m: { total_tokens: 5 } });
  });
});
