import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LMCache } from "./cache.js";

let directory: string;
const logger = { warn: () => {} };
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "dspy-cache-writes-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** The rows another connection (another process) sees in the cache file. */
function storedKeys(): string[] {
  const database = new DatabaseSync(join(directory, "lm-cache.sqlite"));
  try {
    return (database.prepare("SELECT key FROM lm_cache ORDER BY key").all() as { key: string }[]).map((row) => row.key);
  } finally {
    database.close();
  }
}

const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("LMCache disk writes", () => {
  it("commits the writes of one event-loop turn together, after the turn", async () => {
    const cache = new LMCache({ directory, logger, memory: false });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(storedKeys()).toEqual([]);
    // Reads through the cache see pending writes, even without the memory level.
    expect([cache.get("a"), cache.get("b")]).toEqual([1, 2]);
    await endOfTurn();
    expect(storedKeys()).toEqual(["a", "b"]);
    cache.close();
  });

  it("commits at once on flush, on close, and when many writes are pending", () => {
    const cache = new LMCache({ directory, logger });
    cache.set("a", 1);
    cache.flush();
    expect(storedKeys()).toEqual(["a"]);
    cache.set("b", 2);
    cache.close();
    expect(storedKeys()).toEqual(["a", "b"]);
    const busy = new LMCache({ directory, logger });
    for (let index = 0; index < 300; index++) busy.set(`k${String(index).padStart(3, "0")}`, index);
    expect(storedKeys().length).toBeGreaterThanOrEqual(256 + 2);
    busy.close();
    expect(storedKeys()).toHaveLength(302);
  });

  it("commits pending writes when the process exits before the turn ends", () => {
    const cacheModule = pathToFileURL(join(import.meta.dirname, "cache.ts")).href;
    const script = `import { LMCache } from ${JSON.stringify(cacheModule)};
const cache = new LMCache({ directory: ${JSON.stringify(directory)} });
cache.set("written-then-exit", { outputs: [] });
process.exit(0);`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(storedKeys()).toEqual(["written-then-exit"]);
  });
});
