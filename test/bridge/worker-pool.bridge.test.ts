import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BridgeError, SessionLostError } from "../../src/bridge/bridge-error.js";
import { WorkerPool } from "../../src/bridge/worker-pool.js";
import { AbortError } from "../../src/errors/abort-error.js";

let pool: WorkerPool;

beforeAll(async () => {
  pool = await WorkerPool.start({ name: "t", size: 2, callTimeoutMs: 30_000, heartbeatMs: 500 });
});

afterAll(async () => {
  await pool?.close();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("WorkerPool", () => {
  it("keeps every call of a session on one worker, and spreads sessions over workers", async () => {
    const sessions = Array.from({ length: 4 }, () => pool.session());
    const pids = await Promise.all(
      sessions.map((session) => Promise.all(Array.from({ length: 5 }, () => session.call("os", "getpid")))),
    );
    for (const perSession of pids) expect(new Set(perSession).size).toBe(1);
    expect(new Set(pids.map((perSession) => perSession[0])).size).toBe(2);
    await Promise.all(sessions.map((session) => session.end()));
    await expect(sessions[0]?.call("os", "getpid")).rejects.toMatchObject({ code: "session_ended" });
  });

  it("times a call out with a typed error, and the session stays usable", async () => {
    const session = pool.session();
    const ends: string[] = [];
    const stop = pool.events.on((event) => {
      if (event.type === "call-end" && event.session === session.id) ends.push(event.error ?? "ok");
    });
    const started = Date.now();
    const error = await session.call("time", "sleep", [10], {}, { timeoutMs: 300 }).catch((caught: unknown) => caught);
    stop();
    expect(ends).toEqual(["timeout"]);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: "timeout", session: session.id });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(typeof (await session.call("os", "getpid"))).toBe("number");
    await session.end();
  });

  it("aborts a call through its AbortSignal", async () => {
    const session = pool.session();
    const controller = new AbortController();
    setTimeout(() => controller.abort("user gave up"), 200);
    const error = await session
      .call("time", "sleep", [10], {}, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).reason).toBe("user gave up");
    await session.end();
  });

  it("fails in-flight calls of a SIGKILLed worker naming the session, loses the session, replaces the worker", async () => {
    const session = pool.session();
    const pid = (await session.call("os", "getpid")) as number;
    const slot = session.slot;
    expect(slot.pid).toBe(pid);
    const inFlight = session.call("time", "sleep", [30]).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, "SIGKILL");
    const error = await inFlight;
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: "worker_lost", session: session.id });
    expect((error as BridgeError).message).toContain(session.id);

    await expect(session.call("os", "getpid")).rejects.toBeInstanceOf(SessionLostError);
    await until(() => slot.ready, 120_000);
    expect(slot.pid).not.toBe(pid);
    const fresh = pool.session();
    expect(typeof (await fresh.call("os", "getpid"))).toBe("number");
    await fresh.end();
  });

  it("replaces a hung worker (SIGSTOP: no heartbeat answers); its calls fail naming the session, never hang", async () => {
    const hung = await WorkerPool.start({ name: "hung", size: 1, heartbeatMs: 300, heartbeatTimeoutMs: 600 });
    try {
      const session = hung.session();
      const slot = session.slot;
      const pid = (await session.call("os", "getpid")) as number;
      const inFlight = session.call("time", "sleep", [0.5]).catch((caught: unknown) => caught);
      process.kill(pid, "SIGSTOP");
      const error = await inFlight;
      expect(error).toMatchObject({ code: "worker_lost", session: session.id });
      expect((error as BridgeError).message).toMatch(/no heartbeat answer/);
      const later = await session.call("os", "getpid").catch((caught: unknown) => caught);
      expect(later).toBeInstanceOf(SessionLostError);
      expect((later as SessionLostError).message).toContain(session.id);
      await until(() => slot.ready, 120_000);
      expect(slot.pid).not.toBe(pid);
      expect(await hung.session().call("os", "getpid")).toBe(slot.pid);
      // The stopped process was killed, not left behind.
      await until(() => !isAlive(pid), 10_000);
    } finally {
      await hung.close();
    }
  });

  it("waits in the queue (backpressure by waiting) while the worker is busy", async () => {
    const small = await WorkerPool.start({ name: "wait", size: 1, concurrency: 1, maxQueue: 8 });
    try {
      const session = small.session();
      const order: number[] = [];
      await Promise.all([0, 1, 2].map((n) => session.call("time", "sleep", [0.1]).then(() => order.push(n))));
      expect(order).toEqual([0, 1, 2]);
    } finally {
      await small.close();
    }
  });

  it("fails to start with a typed error naming the interpreter, or the worker's own words", async () => {
    await expect(WorkerPool.start({ python: "/nonexistent/python" })).rejects.toMatchObject({
      code: "worker_start",
      message: expect.stringMatching(/cannot run \/nonexistent\/python/),
    });
    const broken = WorkerPool.start({ env: { PYTHONPATH: "/nonexistent" }, python: "/bin/false" });
    await expect(broken).rejects.toMatchObject({
      code: "worker_start",
      message: expect.stringMatching(/exited early/),
    });
  });

  it("rejects with backpressure when a worker's queue is full", async () => {
    const small = await WorkerPool.start({ name: "bp", size: 1, concurrency: 1, maxQueue: 1 });
    try {
      const session = small.session();
      const running = session.call("time", "sleep", [1]);
      const queued = session.call("time", "sleep", [0]);
      await expect(session.call("time", "sleep", [0])).rejects.toMatchObject({ code: "backpressure" });
      await expect(running).resolves.toBeNull();
      await expect(queued).resolves.toBeNull();
    } finally {
      await small.close();
    }
  });
});
