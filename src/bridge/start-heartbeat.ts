import type { WorkerClient } from "./worker-client.js";

/** Options for {@link startHeartbeat}. */
export interface HeartbeatOptions {
  /** The client to probe; undefined once the incarnation is gone (the beat then idles). */
  client: () => WorkerClient | undefined;
  intervalMs: number;
  timeoutMs: number;
  /** Called once two heartbeats in a row went unanswered. */
  onHung: (reason: string) => void;
}

/**
 * Probes a worker with `Heartbeat` every `intervalMs` (one probe at a time; the worker answers
 * on its own thread, so a busy worker still answers). Two misses in a row report it hung: one
 * can be a GC pause or a loaded machine, two is a hung (or stopped) worker.
 *
 * @example
 * const timer = startHeartbeat({ client: () => client, intervalMs: 2000, timeoutMs: 6000, onHung: (why) => lose(why) });
 * clearInterval(timer);
 */
export function startHeartbeat(options: HeartbeatOptions): NodeJS.Timeout {
  let beating = false;
  let missed = 0;
  const timer = setInterval(() => {
    const client = options.client();
    if (beating || !client) return;
    beating = true;
    client.unary("Heartbeat", {}, options.timeoutMs, (error) => {
      beating = false;
      if (!error) missed = 0;
      else if (++missed >= 2) options.onHung(`no heartbeat answer (${error.details || error.message})`);
    });
  }, options.intervalMs);
  timer.unref();
  return timer;
}
