/**
 * Cancelling an evaluation job mid-run over real HTTP: the job settles at once, no new request
 * reaches the server afterwards, and the requests already in flight are aborted — the client
 * rejects them and the server side of the wire sees their connections close.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AbortError } from "../../src/errors/abort-error.js";
import { answerExactMatch } from "../../src/evaluate/answer-match.js";
import { LM } from "../../src/lm/lm.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";
import { ConnectionTap } from "./connection-tap.js";

const CONCURRENCY = 8;
/** The first waves answer quickly; later requests take long enough to be caught mid-flight. */
const QUICK_WAVES = 3;
const SLOW_MS = 400;
const REPLY = "[[ ## answer ## ]]\n42\n\n[[ ## completed ## ]]";

let server: ScriptedServer;
let tap: ConnectionTap;

beforeEach(async () => {
  server = await ScriptedServer.start({
    rules: [
      { times: QUICK_WAVES * CONCURRENCY, latencyMs: 20, reply: REPLY },
      { latencyMs: SLOW_MS, reply: REPLY },
    ],
  });
  tap = await ConnectionTap.start(Number(new URL(server.baseURL).port));
});

afterEach(async () => {
  await tap.close();
  await server.close();
});

/** Wraps fetch to see, from the client, which requests started and how each one ended. */
function watchedFetch() {
  const calls: { startedAt: number; outcome: "pending" | "ok" | "aborted" | "failed" }[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const call = { startedAt: performance.now(), outcome: "pending" as (typeof calls)[number]["outcome"] };
    calls.push(call);
    const response = globalThis.fetch(input, init);
    response.then(
      () => {
        call.outcome = "ok";
      },
      (error: unknown) => {
        call.outcome = (error as Error)?.name === "AbortError" ? "aborted" : "failed";
      },
    );
    return response;
  };
  return { fetch, calls };
}

describe("aborting an evaluation job over HTTP", () => {
  it("settles within 100 ms, sends nothing more, and aborts the requests in flight", async () => {
    const devset = Array.from({ length: 200 }, (_, index) =>
      new Example({ question: `What is ${index}?`, answer: "42" }).withInputs("question"),
    );
    const watched = watchedFetch();
    const lm = new LM("openai/gpt-4o-mini", {
      baseURL: tap.baseURL,
      apiKey: "sk-test",
      cache: false,
      numRetries: 0,
      fetch: watched.fetch,
      logger: { warn: () => {} },
    });
    const job = context({ lm }, () =>
      evaluateJob(new Predict("question -> answer"), {
        devset,
        metric: answerExactMatch,
        numThreads: CONCURRENCY,
      }),
    );
    // Cancel once the first slow wave has fully reached the server: every slot then holds a
    // request that has SLOW_MS to go, so the snapshot below cannot race a response.
    const deadline = Date.now() + 10_000;
    while (server.chatRequests.length < (QUICK_WAVES + 1) * CONCURRENCY) {
      if (Date.now() > deadline) throw new Error("the evaluation made no progress");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    // Snapshot the wire right before the abort: what is on its way, and which connections carry it.
    const inFlight = watched.calls.filter((call) => call.outcome === "pending");
    const busy = tap.connections.filter((connection) => connection.busy && connection.closedAt === undefined);
    const abortedAt = performance.now();
    job.cancel("user");
    const error = await job.result.catch((caught: unknown) => caught);
    const settledMs = performance.now() - abortedAt;

    expect(error).toBeInstanceOf(AbortError);
    expect(settledMs).toBeLessThan(100);
    expect((error as AbortError<{ done: number }>).partial?.done).toBe(QUICK_WAVES * CONCURRENCY);
    // The run was mid-flight: a full window of requests was out, each on its own connection.
    expect(inFlight).toHaveLength(CONCURRENCY);
    expect(busy).toHaveLength(CONCURRENCY);

    // Wait past the latency: without the abort, the window would have been answered and the
    // next one sent by now.
    const started = watched.calls.length;
    const received = server.chatRequests.length;
    await new Promise((resolve) => setTimeout(resolve, 2 * SLOW_MS));

    expect(watched.calls.filter((call) => call.startedAt >= abortedAt)).toEqual([]);
    expect(watched.calls.length).toBe(started);
    expect(server.chatRequests.length).toBe(received);
    expect(received).toBe(started);
    // Every request in flight was aborted, none answered ...
    expect(inFlight.map((call) => call.outcome)).toEqual(inFlight.map(() => "aborted"));
    // ... and the server saw each of their connections closed by the client, before the
    // answers were due (a keep-alive connection that got its answer would have stayed open).
    for (const connection of busy) {
      expect(connection.closedAt).toBeDefined();
      expect((connection.closedAt as number) - abortedAt).toBeLessThan(SLOW_MS);
    }
  }, 20_000);
});
