import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { answerExactMatch } from "../evaluate/answer-match.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { evaluateJob } from "../runtime/evaluate-job.js";
import { startJob } from "../runtime/job.js";
import { MemoryRunStore } from "../runtime/memory-run-store.js";
import { DummyLM } from "../test/dummy-lm.js";
import { createServer } from "./create-server.js";
import { JobRegistry } from "./job-registry.js";

const store = new MemoryRunStore();

async function finishedEvaluation(runId: string) {
  const lm = new DummyLM({ France: { answer: "Paris" }, Peru: { answer: "Cusco" } });
  const devset = [
    new Example({ question: "Capital of France?", answer: "Paris" }).withInputs("question"),
    new Example({ question: "Capital of Peru?", answer: "Lima" }).withInputs("question"),
  ];
  const job = context({ lm }, () =>
    evaluateJob(new Predict("question -> answer"), { devset, metric: answerExactMatch, runId, store, numThreads: 1 }),
  );
  await job;
}

/** A job that runs until cancelled. */
function liveJob(jobs: JobRegistry, runId: string) {
  return jobs.add(
    startJob({ name: "forever", runId, store }, async (ctx) => {
      ctx.emit({ type: "progress-update", done: 1, total: 10 });
      await new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
    }),
  );
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("dashboard API", () => {
  it("lists runs, shows one, its events after a sequence number and its per-example results", async () => {
    await finishedEvaluation("eval-1");
    const { app } = createServer({ store });
    const runs = (await (await app.request("/api/runs")).json()) as { runs: { runId: string; live: boolean }[] };
    expect(runs.runs.find((run) => run.runId === "eval-1")).toMatchObject({ status: "succeeded", live: false });

    const run = await app.request("/api/runs/eval-1");
    expect(await run.json()).toMatchObject({ run: { runId: "eval-1", name: "evaluate", status: "succeeded" } });

    const all = (await (await app.request("/api/runs/eval-1/events")).json()) as { events: { seq: number }[] };
    expect(all.events.length).toBeGreaterThan(4);
    const later = (await (await app.request("/api/runs/eval-1/events?after=3")).json()) as {
      events: { seq: number }[];
    };
    expect(later.events.map((row) => row.seq)).toEqual(all.events.slice(3).map((row) => row.seq));

    const results = (await (await app.request("/api/runs/eval-1/results")).json()) as {
      results: { index: number; value: Record<string, unknown> }[];
    };
    // The list counts each example's LM calls; one result carries them: the messages sent, the text back.
    expect(results.results).toEqual([
      {
        index: 0,
        value: {
          score: 1,
          inputs: { question: "Capital of France?" },
          prediction: { answer: "Paris" },
          lmCallCount: 1,
        },
      },
      {
        index: 1,
        value: { score: 0, inputs: { question: "Capital of Peru?" }, prediction: { answer: "Cusco" }, lmCallCount: 1 },
      },
    ]);
    const one = (await (await app.request("/api/runs/eval-1/results/1")).json()) as {
      result: { index: number; value: { lmCalls: { model: string; messages: { role: string; content: string }[] }[] } };
    };
    expect(one.result.index).toBe(1);
    const [call] = one.result.value.lmCalls;
    expect(call?.model).toBe("dummy");
    expect(call?.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(call?.messages[1]?.content).toContain("[[ ## question ## ]]\nCapital of Peru?");
    expect(one.result.value.lmCalls[0]).toMatchObject({ outputs: ["[[ ## answer ## ]]\nCusco"] });
    expect((await app.request("/api/runs/eval-1/results/7")).status).toBe(404);
    expect((await app.request("/api/runs/eval-1/results/x")).status).toBe(400);
  });

  it("lists an optimizer's candidates with a summary per predictor, and serves one in full", async () => {
    await store.startRun("opt-1", "BootstrapFewShotWithRandomSearch");
    const predictor = (instructions: string, demos: number) => ({
      demos: Array.from({ length: demos }, (_, i) => ({ question: `q${i}`, answer: `a${i}` })),
      signature: { instructions, fields: [] },
      lm: null,
    });
    const program = { qa: predictor("Answer briefly.", 2), metadata: { dependency_versions: {} } };
    await store.putCandidate("opt-1", 0, { score: 80, chosen: true, program, detail: { seed: -1 } });
    await store.putCandidate("opt-1", 1, { score: 40, chosen: false, program: predictor("Answer.", 0) });
    const { app } = createServer({ store });
    const list = (await (await app.request("/api/runs/opt-1/candidates")).json()) as { candidates: unknown[] };
    expect(list.candidates).toEqual([
      {
        index: 0,
        value: {
          score: 80,
          chosen: true,
          detail: { seed: -1 },
          predictors: { qa: { instructions: "Answer briefly.", demos: 2 } },
        },
      },
      { index: 1, value: { score: 40, chosen: false, predictors: { self: { instructions: "Answer.", demos: 0 } } } },
    ]);
    const one = (await (await app.request("/api/runs/opt-1/candidates/0")).json()) as {
      candidate: { value: { program: unknown } };
    };
    expect(one.candidate.value.program).toEqual(program);
    expect((await app.request("/api/runs/opt-1/candidates/5")).status).toBe(404);
    expect((await app.request("/api/runs/opt-1/candidates/-1")).status).toBe(400);
    expect((await app.request("/api/runs/nope/candidates")).status).toBe(404);
  });

  it("answers 404 for unknown runs and routes, 400 for a malformed sequence number", async () => {
    const { app } = createServer({ store });
    for (const path of ["/api/runs/nope", "/api/runs/nope/events", "/api/runs/nope/results", "/api/nothing"]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: string }).error).toBe("not_found");
    }
    expect((await app.request("/api/runs/nope/cancel", { method: "POST" })).status).toBe(404);
    await finishedEvaluation("eval-2");
    expect((await app.request("/api/runs/eval-2/events?after=-1")).status).toBe(400);
    expect((await app.request("/api/runs/eval-2/events?after=x")).status).toBe(400);
    expect((await app.request("/api/runs/eval-2/stream", { headers: { "Last-Event-ID": "abc" } })).status).toBe(400);
  });

  it("really cancels a live job, and refuses runs that are not live here", async () => {
    const jobs = new JobRegistry();
    const { app } = createServer({ store, jobs });
    const job = liveJob(jobs, "live-1");
    await until(async () => (await store.getRun("live-1"))?.status === "running");
    const listed = (await (await app.request("/api/runs")).json()) as { runs: { runId: string; live: boolean }[] };
    expect(listed.runs.find((run) => run.runId === "live-1")?.live).toBe(true);

    const response = await app.request("/api/runs/live-1/cancel", { method: "POST" });
    expect(response.status).toBe(202);
    expect(await job.result.catch((error) => error)).toBeInstanceOf(AbortError);
    await until(async () => (await store.getRun("live-1"))?.status === "cancelled");
    expect((await store.getRun("live-1"))?.status).toBe("cancelled");
    const events = (await (await app.request("/api/runs/live-1/events")).json()) as { events: { event: object }[] };
    expect(events.events.at(-1)?.event).toMatchObject({ type: "job-error", status: "cancelled" });

    const again = await app.request("/api/runs/live-1/cancel", { method: "POST" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toContain("cancelled");
  });

  it("replays a finished run's events after Last-Event-ID as server-sent events, then ends", async () => {
    await finishedEvaluation("eval-3");
    const { app } = createServer({ store });
    const response = await app.request("/api/runs/eval-3/stream", { headers: { "Last-Event-ID": "2" } });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text(); // ends: the run is over
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    const stored = await store.listEvents("eval-3");
    expect(ids).toEqual(stored.slice(2).map((row) => row.seq));
    expect(text).toContain("event: job-end");
    expect(text).not.toMatch(/event: job-start/);
  });

  it("serves the dashboard page with a nonce'd inline script and a strict CSP", async () => {
    const { app } = createServer({ store });
    const response = await app.request("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    const nonce = /script-src 'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script nonce="${nonce}">`);
    for (const id of ["runs", "chart", "results", "lm", "cancel", "progress-bar"]) expect(html).toContain(`id="${id}"`);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("errors", () => {
  it("reports a failing store as a JSON 500 without the key its message quotes", async () => {
    const broken = new MemoryRunStore();
    broken.listRuns = async () => {
      throw new Error("connect failed with api_key=sk-live-0123456789abcdef");
    };
    const response = await createServer({ store: broken }).app.request("/api/runs");
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain("connect failed");
    expect(body).not.toContain("sk-live-0123456789abcdef");
  });
});
