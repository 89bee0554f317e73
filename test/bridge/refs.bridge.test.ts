import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PyRef } from "../../src/bridge/py-ref.js";
import { WorkerPool } from "../../src/bridge/worker-pool.js";
import { until, useFixtures } from "./fixtures.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let pool: WorkerPool;

beforeAll(async () => {
  pool = await WorkerPool.start({ name: "refs", size: 1, callTimeoutMs: 30_000 });
});

afterAll(async () => {
  await pool?.close();
});

async function liveRefs(): Promise<number> {
  const [stats] = await pool.stats();
  return stats?.refs ?? -1;
}

/** Collects garbage and lets finalizers and their batched Release calls run. */
async function collect(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("refs", () => {
  it("graceful serialization: JSON-able structure as values, the rest as typed refs, nested", async () => {
    const session = pool.session();
    await useFixtures(session);
    const value = (await session.call("bridge_fixtures", "mixed", ["a"])) as {
      label: string;
      items: unknown[];
      inner: { obj: PyRef; tuple: unknown[] };
    };
    expect(value.label).toBe("a");
    expect(value.items).toEqual([1, 2.5, null, true]);
    expect(value.inner.tuple).toEqual([1, "x"]);
    expect(value.inner.obj).toBeInstanceOf(PyRef);
    expect(value.inner.obj.type).toBe("bridge_fixtures.Opaque");
    expect(await session.attr(value.inner.obj, "label")).toBe("a");
    // A ref nested in an argument resolves to the same object.
    expect(await session.call("builtins", "getattr", [{ o: value.inner.obj }.o, "label"])).toBe("a");
    await session.end();
  });

  it("release() and session end free refs on the worker", async () => {
    const before = await liveRefs();
    const session = pool.session();
    const refs = (await Promise.all(Array.from({ length: 5 }, () => session.call("builtins", "object")))) as PyRef[];
    expect(await liveRefs()).toBe(before + 5);
    await session.release(refs[0] as PyRef, refs[1] as PyRef);
    expect(await liveRefs()).toBe(before + 3);
    await session.end();
    expect(await liveRefs()).toBe(before);
  });

  it("garbage-collected handles are released in batches: no growth over 10,000 calls", async () => {
    const session = pool.session();
    const releases: number[] = [];
    const stop = pool.events.on((event) => {
      if (event.type === "call-end" && event.rpc === "Release") releases.push(event.call);
    });
    const baseline = await liveRefs();
    let peak = 0;
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(Array.from({ length: 100 }, () => session.call("builtins", "object")));
      if (batch % 10 === 9) {
        await collect();
        peak = Math.max(peak, (await liveRefs()) - baseline);
      }
    }
    await collect();
    await until(async () => (await liveRefs()) === baseline, 10_000);
    stop();
    // Bounded by what one collection interval leaves alive, never by the 10,000 calls made.
    expect(peak).toBeLessThan(2000);
    // Batched: far fewer Release calls than refs released.
    expect(releases.length).toBeGreaterThan(0);
    expect(releases.length).toBeLessThan(200);
    // A handle still held is not released.
    const kept = (await session.call("builtins", "object")) as PyRef;
    await collect();
    expect(await liveRefs()).toBe(baseline + 1);
    expect(typeof (await session.call("builtins", "id", [kept]))).toBe("number");
    await session.end();
  });
});
