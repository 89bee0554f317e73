import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { RunStore } from "../runtime/run-store.js";
import type { JobRegistry } from "./job-registry.js";
import { redact } from "./redact.js";

/** How {@link streamRunEvents} watches a run. */
export interface EventStreamOptions {
  store: RunStore;
  jobs: JobRegistry;
  /** How often to look for new events when no live job says so, in ms (runs of other processes). */
  pollMs: number;
  /** Longest silence before a keep-alive comment, in ms (proxies drop idle streams). */
  heartbeatMs: number;
  /** Ends every stream (the server is shutting down). */
  closing?: AbortSignal;
}

/**
 * Streams a run's events as server-sent events: first those stored after `afterSeq`, then new
 * ones as they come, and ends once the run has ended and everything is sent. Each message's id
 * is the event's sequence number in the store, so a client that reconnects with
 * `Last-Event-ID` misses nothing and gets nothing twice. Events are read from the store, not
 * from the job, so the ids are the store's; a live job in this process only wakes the reader
 * early, while runs of other processes (a CLI writing the same SQLite file) are polled.
 *
 * @example
 * app.get("/api/runs/:id/stream", (c) => streamRunEvents(c, c.req.param("id"), 0, options));
 */
export function streamRunEvents(c: Context, runId: string, afterSeq: number, options: EventStreamOptions): Response {
  const { store, jobs, pollMs, heartbeatMs, closing } = options;
  const response = streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    const nudge = () => wake?.();
    // The job appends to the store on a promise chain after notifying; read on a later turn.
    const off = jobs.subscribe(runId, () => setImmediate(nudge));
    stream.onAbort(nudge);
    closing?.addEventListener("abort", nudge);
    let lastSeq = afterSeq;
    let lastWrite = Date.now();
    try {
      await stream.write("retry: 2000\n\n");
      while (!stream.aborted && !closing?.aborted) {
        // Status first: a job stores all its events before it records its end, so once the
        // status says ended, the read below is complete.
        const status = (await store.getRun(runId))?.status;
        for (const { seq, event } of await store.listEvents(runId, { afterSeq: lastSeq })) {
          await stream.writeSSE({ id: String(seq), event: event.type, data: JSON.stringify(redact(event)) });
          lastSeq = seq;
          lastWrite = Date.now();
        }
        if (status !== "running" && !jobs.has(runId)) break;
        if (Date.now() - lastWrite >= heartbeatMs) {
          await stream.write(": keep-alive\n\n");
          lastWrite = Date.now();
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(pollMs, heartbeatMs));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      off();
      closing?.removeEventListener("abort", nudge);
    }
  });
  // A stream is its connection's last response (Hono says keep-alive): once streams end, a
  // closing server has no idle connection left to wait for.
  response.headers.set("Connection", "close");
  return response;
}

/**
 * The sequence number to resume after: the `Last-Event-ID` header (a reconnecting
 * `EventSource`), else the `after` query parameter, else 0; `undefined` when malformed.
 *
 * @example
 * resumePoint("17", undefined); // 17
 */
export function resumePoint(lastEventId: string | undefined, after: string | undefined): number | undefined {
  return parseSeq(lastEventId ?? after ?? "0");
}

/**
 * A non-negative integer sequence number from a query string or header, or `undefined`.
 *
 * @example
 * parseSeq("3"); // 3
 * parseSeq("-1"); // undefined
 */
export function parseSeq(text: string): number | undefined {
  return /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
