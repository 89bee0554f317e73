import { Bridge } from "./bridge.js";
import { BridgeError } from "./bridge-error.js";
import { BridgeEvents } from "./bridge-events.js";
import type { Session } from "./session.js";
import { WorkerPool, type WorkerPoolOptions } from "./worker-pool.js";

/** Named pools, each with its own size, env, Python or remote address. */
export type BridgePoolsOptions = Record<string, Omit<WorkerPoolOptions, "name" | "events">>;

/**
 * Several named worker pools under one roof: e.g. a big pool for evaluation, a small one with
 * other environment variables, and workers someone started by hand (`remote: "host:port"`).
 * All pools report to one event hub.
 *
 * @example
 * const pools = await BridgePools.start({
 *   eval: { size: 4 },
 *   keys: { size: 1, env: { OPENAI_API_KEY: key } },
 *   gpu: { remote: "10.0.0.7:7070", token: process.env.BRIDGE_TOKEN },
 * });
 * const session = pools.session("eval");
 * await pools.close();
 */
export class BridgePools {
  /** Telemetry of every pool (events carry their pool's name). */
  readonly events: BridgeEvents;
  readonly #pools: Map<string, WorkerPool>;

  private constructor(pools: Map<string, WorkerPool>, events: BridgeEvents) {
    this.#pools = pools;
    this.events = events;
  }

  /**
   * Starts every pool (in parallel); if one fails, the others are closed and its error is thrown.
   *
   * @example
   * const pools = await BridgePools.start({ default: { size: 2 } });
   */
  static async start(options: BridgePoolsOptions, hub: { events?: BridgeEvents } = {}): Promise<BridgePools> {
    const events = hub.events ?? new BridgeEvents();
    const names = Object.keys(options);
    const started = await Promise.allSettled(names.map((name) => WorkerPool.start({ ...options[name], name, events })));
    const pools = new Map<string, WorkerPool>();
    started.forEach((result, index) => {
      if (result.status === "fulfilled") pools.set(names[index] as string, result.value);
    });
    const failed = started.find((result) => result.status === "rejected");
    if (failed) {
      await Promise.allSettled([...pools.values()].map((pool) => pool.close()));
      throw failed.reason;
    }
    return new BridgePools(pools, events);
  }

  /** The pool names. */
  get names(): string[] {
    return [...this.#pools.keys()];
  }

  /**
   * The pool called `name`; a typo fails with the known names.
   *
   * @example
   * pools.pool("eval").slots.length; // 4
   */
  pool(name: string): WorkerPool {
    const pool = this.#pools.get(name);
    if (!pool) {
      throw new BridgeError(`no bridge pool named '${name}' (pools: ${this.names.join(", ")})`, {
        code: "unknown_pool",
      });
    }
    return pool;
  }

  /**
   * Opens a session on the pool called `name`.
   *
   * @example
   * const session = pools.session("keys");
   */
  session(name: string): Session {
    return this.pool(name).session();
  }

  /**
   * A {@link Bridge} facade on the pool called `name` (closing it ends its session only).
   *
   * @example
   * const bridge = pools.bridge("eval");
   */
  bridge(name: string): Bridge {
    return new Bridge(this.pool(name));
  }

  /** Closes every pool. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#pools.values()].map((pool) => pool.close()));
  }
}
