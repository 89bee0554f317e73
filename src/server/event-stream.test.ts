import { afterEach, describe, expect, it } from "vitest";
import { startJob } from "../runtime/job.js";
import { SqliteRunStore } from "../runtime/sqlite-run-store.js";
import { createServer, type DashboardServer } from "./create-server.js";
import { JobRegistry } from "./job-registry.js";

interface Message {
  id: number;
  event: string;
  data: { type: string; trial?: number };
}

/** Reads server-sent events off a real HTTP response, one message at a time. */
function sseReader(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    /** The next message, or undefined when the stream has ended. */
    async next(): Promise<Message | undefined> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split("\n")
              .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
          );
          if (fields.data === undefined) continue; // retry hints and keep-alive comments
          return { id: Number(fields.id), event: fields.event as string, data: JSON.parse(fields.data as string) };
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += value;
      }
    },
    cancel: () => reader.cancel(),
  };
}

let server: DashboardServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe("event stream over a real socket", () => {
  it("streams a live job's events as they happen, resumes after Last-Event-ID without gaps or repeats, ends with the job", async () => {
    const store = new SqliteRunStore({ path: ":memory:" });
    const jobs = new JobRegistry();
    server = createServer({ store, jobs, pollMs: 5_000 }); // a slow poll: live events must come from the job
    const url = await server.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const gates: (() => void)[] = [];
    const gate = () => new Promise<void>((resolve) => gates.push(resolve));
    const open = () => (gates.shift() as () => void)();
    const job = jobs.add(
      startJob({ name: "trials", runId: "sse-1", store }, async (ctx) => {
        for (let trial = 0; trial < 3; trial++) {
          await gate();
          ctx.emit({ type: "trial-end", trial, score: 10 * trial });
        }
        return "done";
      }),
    );
    while ((await store.getRun("sse-1")) === undefined) await new Promise((resolve) => setTimeout(resolve, 5));

    const first = sseReader(await fetch(`${url}/api/runs/sse-1/stream`));
    expect((await first.next())?.event).toBe("job-start");
    open();
    const started = Date.now();
    const trial0 = await first.next();
    expect(trial0).toMatchObject({ event: "trial-end", data: { type: "trial-end", trial: 0 } });
    expect(Date.now() - started).toBeLessThan(2_000); // woken by the job, not by the 5 s poll
    await first.cancel();

    // Trial 1 happens while nobody listens; the reconnect must still get it, then the rest live.
    open();
    while ((await store.listEvents("sse-1")).length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = sseReader(
      await fetch(`${url}/api/runs/sse-1/stream`, { headers: { "Last-Event-ID": String(trial0?.id) } }),
    );
    const trial1 = await second.next();
    expect(trial1).toMatchObject({ id: (trial0?.id as number) + 1, data: { trial: 1 } });
    open();
    const rest: Message[] = [];
    for (let message = await second.next(); message; message = await second.next()) rest.push(message);
    expect(rest.map((message) => message.event)).toEqual(["trial-end", "job-end"]);
    expect(rest.map((message) => message.id)).toEqual([(trial1?.id as number) + 1, (trial1?.id as number) + 2]);
    expect(await job).toBe("done");
    await store.close();
  });

  it("closes at once with a stream of a live run open, ending the stream cleanly", async () => {
    const store = new SqliteRunStore({ path: ":memory:" });
    const jobs = new JobRegistry();
    server = createServer({ store, jobs });
    const url = await server.listen();
    const job = jobs.add(
      startJob(
        { name: "forever", runId: "sse-2", store },
        (ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))),
      ),
    );
    while ((await store.getRun("sse-2")) === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const stream = sseReader(await fetch(`${url}/api/runs/sse-2/stream`));
    expect((await stream.next())?.event).toBe("job-start");
    const closing = Date.now();
    await server.close();
    server = undefined;
    // The stream of a run still going is ended, not waited for (nor cut after the grace period).
    expect(Date.now() - closing).toBeLessThan(500);
    expect(await stream.next()).toBeUndefined();
    await expect(fetch(`${url}/api/runs`)).rejects.toThrow();
    job.cancel();
    await job.result.catch(() => {});
    await store.close();
  });
});
