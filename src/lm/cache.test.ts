import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultCacheDirectory, LMCache } from "./cache.js";
import { SharedCalls } from "./shared-calls.js";

let directory: string;
const warnings: string[] = [];
const logger = { warn: (message: string) => warnings.push(message) };

beforeEach(() => {
  warnings.length = 0;
  directory = mkdtempSync(join(tmpdir(), "dspy-cache-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("defaultCacheDirectory", () => {
  it("prefers DSPY_TS_CACHEDIR, then XDG_CACHE_HOME, then ~/.cache", () => {
    expect(defaultCacheDirectory({ DSPY_TS_CACHEDIR: "/c", XDG_CACHE_HOME: "/x" })).toBe("/c");
    expect(defaultCacheDirectory({ XDG_CACHE_HOME: "/x" })).toBe(join("/x", "dspy-typescript"));
    if (process.platform !== "win32") {
      expect(defaultCacheDirectory({})).toBe(join(homedir(), ".cache", "dspy-typescript"));
    }
  });
});

describe("LMCache", () => {
  it("does no I/O until first used", () => {
    const nested = join(directory, "not-yet");
    const cache = new LMCache({ directory: nested, logger });
    expect(existsSync(nested)).toBe(false);
    cache.set("k", { a: 1 });
    expect(existsSync(join(nested, "lm-cache.sqlite"))).toBe(true);
    cache.close();
  });

  it("returns independent copies, so callers cannot corrupt cached values", () => {
    const cache = new LMCache({ directory, logger });
    cache.set("k", { outputs: [{ text: "a" }] });
    const first = cache.get<{ outputs: { text: string }[] }>("k");
    if (first?.outputs[0]) first.outputs[0].text = "changed";
    expect(cache.get("k")).toEqual({ outputs: [{ text: "a" }] });
    cache.close();
  });

  it("reads the disk after the memory level is cleared, and can run memory-only", () => {
    const cache = new LMCache({ directory, logger });
    cache.set("k", 42);
    cache.clearMemory();
    expect(cache.get("k")).toBe(42);
    cache.close();
    const memoryOnly = new LMCache({ directory: join(directory, "unused"), disk: false, logger });
    memoryOnly.set("k", 1);
    expect(memoryOnly.get("k")).toBe(1);
    expect(memoryOnly.path).toBeUndefined();
    expect(existsSync(join(directory, "unused"))).toBe(false);
  });

  it("evicts the least recently used entry from memory", () => {
    const cache = new LMCache({ disk: false, memoryMaxEntries: 2, logger });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
  });

  it("does not cache failures", async () => {
    const cache = new LMCache({ directory, logger });
    await expect(cache.getOrCompute("k", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    const lookup = await cache.getOrCompute("k", async () => "up");
    expect(lookup).toEqual({ value: "up", cacheHit: false, shared: false });
    expect(await cache.getOrCompute("k", async () => "other")).toEqual({ value: "up", cacheHit: true, shared: false });
    cache.close();
  });

  it("warns instead of failing when the directory cannot be created", () => {
    // A directory "inside" a regular file can never be created.
    writeFileSync(join(directory, "a-file"), "");
    const cache = new LMCache({ directory: join(directory, "a-file", "cache"), logger });
    cache.set("k", 1);
    expect(cache.get("k")).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("unusable");
  });
});

describe("SharedCalls", () => {
  it("runs one computation for concurrent callers of the same key", async () => {
    const shared = new SharedCalls<number>();
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 7;
    };
    const values = await Promise.all([
      shared.run("k", compute),
      shared.run("k", compute),
      shared.run("other", compute),
    ]);
    expect(values).toEqual([7, 7, 7]);
    expect(runs).toBe(2);
    expect(shared.size).toBe(0);
  });

  it("aborts the shared computation only when every caller has aborted", async () => {
    const shared = new SharedCalls<string>();
    let computeSignal: AbortSignal | undefined;
    const compute = (signal: AbortSignal) => {
      computeSignal = signal;
      return new Promise<string>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = shared.run("k", compute, first.signal);
    const b = shared.run("k", compute, second.signal);
    await Promise.resolve();
    first.abort(new Error("first left"));
    await expect(a).rejects.toThrow("first left");
    expect(computeSignal?.aborted).toBe(false);
    second.abort(new Error("second left"));
    await expect(b).rejects.toThrow("second left");
    expect(computeSignal?.aborted).toBe(true);
    expect(shared.size).toBe(0);
  });
});
