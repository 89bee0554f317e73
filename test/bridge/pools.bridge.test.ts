import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BridgeEvent } from "../../src/bridge/bridge-events.js";
import { bridgePaths } from "../../src/bridge/bridge-paths.js";
import { BridgePools } from "../../src/bridge/bridge-pools.js";
import { WorkerPool } from "../../src/bridge/worker-pool.js";

const TOKEN = "remote-test-token";
let remote: ChildProcess;
let remoteAddress: string;

/** A worker started the way a user starts one by hand: its own process, no stdin lifeline. */
function startRemoteWorker(): Promise<{ child: ChildProcess; address: string }> {
  const paths = bridgePaths();
  const child = spawn(paths.python, [paths.worker, "--port", "0", "--no-stdin-watch"], {
    env: { ...process.env, DSPY_BRIDGE_TOKEN: TOKEN, BRIDGE_WHO: "remote" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`remote worker exited with ${code}`)));
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
      const match = /READY (\d+)/.exec(out);
      if (match) resolve({ child, address: `127.0.0.1:${match[1]}` });
    });
  });
}

beforeAll(async () => {
  ({ child: remote, address: remoteAddress } = await startRemoteWorker());
});

afterAll(() => {
  remote?.kill("SIGKILL");
});

describe("named pools and remote workers", () => {
  it("starts named pools with their own size and env, plus a remote worker reached by address", async () => {
    const events: BridgeEvent[] = [];
    const pools = await BridgePools.start({
      wide: { size: 2, env: { BRIDGE_WHO: "wide" } },
      keys: { size: 1, env: { BRIDGE_WHO: "keys" } },
      lab: { remote: remoteAddress, token: TOKEN },
    });
    const stop = pools.events.on((event) => events.push(event));
    try {
      expect(pools.names).toEqual(["wide", "keys", "lab"]);
      expect(pools.pool("wide").slots).toHaveLength(2);
      expect(pools.pool("keys").slots).toHaveLength(1);
      const who = async (pool: string) => pools.session(pool).call("os", "getenv", ["BRIDGE_WHO"]);
      expect(await who("wide")).toBe("wide");
      expect(await who("keys")).toBe("keys");
      expect(await who("lab")).toBe("remote");
      // The remote worker is the process this test started, not one the pool spawned.
      expect(await pools.session("lab").call("os", "getpid")).toBe(remote.pid);
      expect(pools.pool("lab").slots[0]?.pid).toBeUndefined();
      expect(() => pools.session("nope")).toThrow(/no bridge pool named 'nope' \(pools: wide, keys, lab\)/);

      const calls = events.filter((event) => event.type === "call-end");
      expect(new Set(calls.map((event) => event.pool))).toEqual(new Set(["wide", "keys", "lab"]));
    } finally {
      stop();
      await pools.close();
    }
    // Closing the pools leaves a remote worker running: it belongs to whoever started it.
    expect(remote.exitCode).toBeNull();
    const again = await WorkerPool.start({ remote: remoteAddress, token: TOKEN });
    try {
      expect(await again.session().call("os", "getpid")).toBe(remote.pid);
    } finally {
      await again.close();
    }
  });

  it("a remote address where no worker answers fails the start with worker_start", async () => {
    const error = await WorkerPool.start({ remote: "127.0.0.1:1", heartbeatTimeoutMs: 2000 }).catch((caught) => caught);
    expect(error).toMatchObject({ code: "worker_start" });
    expect((error as Error).message).toMatch(/remote bridge worker 127\.0\.0\.1:1 does not answer/);
  });

  it("refuses a remote call with the wrong token", async () => {
    const pool = await WorkerPool.start({ remote: remoteAddress, token: "wrong" });
    try {
      await expect(pool.session().call("os", "getpid")).rejects.toMatchObject({ code: "transport" });
    } finally {
      await pool.close();
    }
  });

  it("reports telemetry: worker-start, call-start/-end, queue-depth, worker-exit", async () => {
    const events: BridgeEvent[] = [];
    const pools = await BridgePools.start({});
    const stop = pools.events.on((event) => events.push(event));
    const pool = await WorkerPool.start({ name: "tele", size: 1, concurrency: 1, events: pools.events });
    const streamed: BridgeEvent[] = [];
    const controller = new AbortController();
    const reading = (async () => {
      for await (const event of pool.events.stream({ signal: controller.signal })) streamed.push(event);
    })();
    const session = pool.session();
    await Promise.all([session.call("time", "sleep", [0.2]), session.call("math", "sqrt", [4])]);
    await session.call("math", "sqrt", [-1]).catch(() => {});
    await pool.close();
    controller.abort();
    await reading;
    stop();

    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === "call-start")).toHaveLength(3 + 1); // + EndSession
    const ends = events.filter((event) => event.type === "call-end");
    expect(ends.map((event) => event.rpc)).toEqual(["Call", "Call", "Call", "EndSession"]);
    expect(ends.every((event) => event.durationMs >= 0 && event.session === session.id)).toBe(true);
    // A Python error is a reply, not a failed call; the call itself ended fine.
    expect(ends.some((event) => event.error !== undefined)).toBe(false);
    const depths = events.flatMap((event) => (event.type === "queue-depth" ? [event.depth] : []));
    expect(depths).toContain(1);
    expect(depths.at(-1)).toBe(0);
    expect(types.at(-1)).toBe("worker-exit");
    expect(events.at(-1)).toMatchObject({ pool: "tele", worker: 0, reason: "pool closed" });
    // The async iterator (opened after the start) saw the same events as the listener.
    expect(types[0]).toBe("worker-start");
    expect(streamed.map((event) => event.type)).toEqual(types.slice(1));
  });

  it("emits worker-start when a pool starts", async () => {
    const hub = (await BridgePools.start({})).events;
    const seen: BridgeEvent[] = [];
    hub.on((event) => seen.push(event));
    const pool = await WorkerPool.start({ name: "boot", size: 1, events: hub });
    await pool.close();
    expect(seen[0]).toMatchObject({ type: "worker-start", pool: "boot", worker: 0, generation: 0 });
    expect((seen[0] as { pid: number }).pid).toBe(pool.slots[0]?.pid);
  });
});
