import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import { LMCache } from "../lm/cache.js";
import { LM } from "../lm/lm.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { evaluateJob } from "./evaluate-job.js";
import type { JobEvent } from "./job-event.js";
import { MemoryRunStore } from "./memory-run-store.js";
import { type ObservedLmCall, observeLmCalls } from "./observe-lm-calls.js";

const SECRET = "sk-observe-0123456789abcdefghijkl";
let server: ScriptedServer;

beforeAll(async () => {
  server = await ScriptedServer.start({
    rules: [
      { match: "Atlantis", fault: { type: "status", status: 400, message: "no such place" } },
      { reply: "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]" },
    ],
  });
});
afterAll(() => server.close());

const devset = ["France", "Atlantis", "France again"].map((country) =>
  new Example({ question: `Capital of ${country}?`, answer: "Paris" }).withInputs("question"),
);

describe("observeLmCalls", () => {
  it("reports every LM call inside the scope, with its model, messages, outputs, usage and errors", async () => {
    const lm = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: SECRET, cache: false });
    const calls: ObservedLmCall[] = [];
    const outside: ObservedLmCall[] = [];
    await context({ lm }, async () => {
      await observeLmCalls(
        (call) => calls.push(call),
        async () => {
          await new Predict("question -> answer").call({ question: "Capital of France?" });
          await new Predict("question -> answer").call({ question: "Capital of Atlantis?" }).catch(() => {});
        },
      );
      await observeLmCalls(
        (call) => outside.push(call),
        async () => {},
      );
      await new Predict("question -> answer").call({ question: "Not observed" });
    });
    expect(outside).toEqual([]);
    expect(calls.map((call) => [call.model, call.outputs, call.cached, call.error])).toEqual([
      ["openai/gpt-4o-mini", ["[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]"], false, undefined],
      ["openai/gpt-4o-mini", [], false, expect.stringContaining("no such place")],
    ]);
    expect(calls[0]?.messages.at(-1)?.content).toContain("Capital of France?");
    expect(calls[0]?.usage.prompt_tokens).toBeGreaterThan(0);
    expect(calls[0]?.usage.completion_tokens).toBeGreaterThan(0);
  });
});

describe("lm-call job events", () => {
  it("count each call, its tokens and whether the cache answered, never the key or the prompt", async () => {
    const lm = new LM("openai/gpt-4o-mini", {
      baseURL: server.baseURL,
      apiKey: SECRET,
      cacheStore: new LMCache({ disk: false }),
      numRetries: 0,
    });
    const ends: JobEvent[] = [];
    const run = async () => {
      const events: JobEvent[] = [];
      const job = context({ lm }, () =>
        evaluateJob(new Predict("question -> answer"), { devset, metric: answerExactMatch, numThreads: 1 }),
      );
      job.on((event) => events.push(event));
      await job;
      ends.push(events.at(-1) as JobEvent);
      return events.filter((event) => event.type === "lm-call");
    };
    const first = await run();
    // The job tallies them per model, on the job and in its job-end event.
    const firstEnd = ends[0] as Extract<JobEvent, { type: "job-end" }>;
    const tally = firstEnd.lmCalls?.["openai/gpt-4o-mini"];
    expect(tally).toMatchObject({ calls: 3, cached: 0, failed: 1 });
    expect(tally?.inputTokens).toBe(first.reduce((sum, event) => sum + (event.usage.prompt_tokens ?? 0), 0));
    expect(tally?.outputTokens).toBeGreaterThan(0);
    expect(first.map((event) => [event.model, event.cached, event.error !== undefined])).toEqual([
      ["openai/gpt-4o-mini", false, false],
      ["openai/gpt-4o-mini", false, true],
      ["openai/gpt-4o-mini", false, false],
    ]);
    expect(first[0]?.usage.prompt_tokens).toBeGreaterThan(0);
    expect(first[0]?.durationMs).toBeGreaterThanOrEqual(0);
    // A second run is served by the cache (the failed call was not cached, so it is sent again).
    const second = await run();
    expect(second.map((event) => [event.cached, event.usage])).toEqual([
      [true, {}],
      [false, {}],
      [true, {}],
    ]);
    expect((ends[1] as Extract<JobEvent, { type: "job-end" }>).lmCalls).toEqual({
      "openai/gpt-4o-mini": { calls: 3, cached: 2, failed: 1, inputTokens: 0, outputTokens: 0 },
    });
    const text = JSON.stringify([...first, ...second]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("Capital of");
  });

  it("keeps each example's prompts with its result unless told not to", async () => {
    const lm = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: SECRET, cache: false, numRetries: 0 });
    const store = new MemoryRunStore();
    await context({ lm }, () =>
      evaluateJob(new Predict("question -> answer"), { devset, metric: answerExactMatch, runId: "kept", store }),
    );
    const kept = await store.listResults("kept");
    const calls = (index: number) =>
      (kept.find((row) => row.index === index)?.value as { lmCalls?: unknown[] } | undefined)?.lmCalls;
    expect(calls(0)).toMatchObject([{ model: "openai/gpt-4o-mini", outputs: [expect.stringContaining("Paris")] }]);
    expect(calls(1)).toMatchObject([{ outputs: [], error: expect.stringContaining("no such place") }]);
    expect(JSON.stringify(kept)).not.toContain(SECRET);

    await context({ lm }, () =>
      evaluateJob(new Predict("question -> answer"), {
        devset,
        metric: answerExactMatch,
        runId: "lean",
        store,
        recordPrompts: false,
      }),
    );
    for (const row of await store.listResults("lean")) expect(row.value).not.toHaveProperty("lmCalls");
  });
});
