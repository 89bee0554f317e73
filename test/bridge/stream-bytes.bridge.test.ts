import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BridgeError } from "../../src/bridge/bridge-error.js";
import type { Session } from "../../src/bridge/session.js";
import { WorkerPool } from "../../src/bridge/worker-pool.js";
import { AbortError } from "../../src/errors/abort-error.js";
import { until, useFixtures } from "./fixtures.js";

let pool: WorkerPool;
let session: Session;

beforeAll(async () => {
  pool = await WorkerPool.start({ name: "stream", size: 1, callTimeoutMs: 30_000 });
  session = pool.session();
  await useFixtures(session);
});

afterAll(async () => {
  await pool?.close();
});

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("streaming", () => {
  it("a Python generator becomes an async iterator, item by item", async () => {
    const items = await collect(session.stream("bridge_fixtures", "count_up", [4]));
    expect(items).toEqual([0, 1, 2, 3].map((i) => ({ i, square: i * i })));
  });

  it("yields items as they are produced, before the generator finishes", async () => {
    const stream = session.stream("bridge_fixtures", "count_up", [50, 0.05]);
    const first = await stream.next();
    expect(first.value).toEqual({ i: 0, square: 0 });
    // Breaking off cancels the rest; the worker is free for the next call.
    await stream.return(undefined);
    expect(await session.call("math", "sqrt", [9])).toBe(3);
    // The generator stops at its next item (only the Heartbeat asking is then active), not after 50.
    await until(async () => (await pool.stats())[0]?.activeCalls === 0, 5000);
  });

  it("an async generator (like dspy.streamify's) streams too", async () => {
    expect(await collect(session.stream("bridge_fixtures", "async_count", [3]))).toEqual([0, 1, 2]);
  });

  it("a Python exception mid-stream arrives after the items before it, with its traceback", async () => {
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of session.stream("bridge_fixtures", "failing_generator", [2])) items.push(item);
    })().catch((caught: unknown) => caught);
    expect(items).toEqual([0, 1]);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: "python_error", pythonType: "ValueError" });
    expect((error as BridgeError).traceback).toMatch(/failing_generator[\s\S]*stopped after 2/);
  });

  it("aborts a stream through its AbortSignal", async () => {
    const controller = new AbortController();
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of session.stream(
        "bridge_fixtures",
        "count_up",
        [100, 0.05],
        {},
        { signal: controller.signal },
      )) {
        items.push(item);
        if (items.length === 2) controller.abort("enough");
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.length).toBeLessThan(100);
  });

  it("a stream waiting too long for its next item times out with a typed error", async () => {
    const stream = session.stream("bridge_fixtures", "count_up", [3, 2], {}, { timeoutMs: 300 });
    await expect(stream.next()).rejects.toMatchObject({ code: "timeout", session: session.id });
  });
});

describe("binary payloads", () => {
  // A PNG header and some pixels: bytes that are not valid UTF-8.
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 0xff)]);

  it("bytes cross as bytes both ways (no base64), nested in structures", async () => {
    const info = (await session.call("bridge_fixtures", "bytes_info", [png])) as {
      type: string;
      length: number;
      sha256: string;
      reversed: Uint8Array;
      nested: { head: Uint8Array }[];
    };
    expect(info.type).toBe("bytes");
    expect(info.length).toBe(png.length);
    expect(info.sha256).toBe(createHash("sha256").update(png).digest("hex"));
    expect(info.reversed).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(info.reversed).equals(Buffer.from(png).reverse())).toBe(true);
    expect([...(info.nested[0]?.head ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("Uint8Array and ArrayBuffer arguments, in args and kwargs of one call", async () => {
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array([4, 5]).buffer;
    const both = (await session.call("builtins", "dict", [[["x", a]]], { y: b })) as Record<string, Uint8Array>;
    expect([...(both.x ?? [])]).toEqual([1, 2, 3]);
    expect([...(both.y ?? [])]).toEqual([4, 5]);
    const joined = (await session.call("builtins", "bytes.join", [new Uint8Array([0]), [a, b]])) as Uint8Array;
    expect([...joined]).toEqual([1, 2, 3, 0, 4, 5]);
    expect(await session.call("builtins", "len", [new Uint8Array(1 << 20)])).toBe(1 << 20);
  });
});
