import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LMInvalidRequestError } from "../errors/lm-errors.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { resolveModel } from "./resolve-model.js";
import { type StreamCompletionsRequest, streamCompletions } from "./stream.js";
import { toModelMessages } from "./to-model-messages.js";

let server: ScriptedServer;

beforeEach(async () => {
  server = await ScriptedServer.start();
});
afterEach(async () => {
  await server.close();
});

function request(overrides: Partial<StreamCompletionsRequest> = {}): StreamCompletionsRequest {
  return {
    model: "openai/gpt-4o-mini",
    resolved: resolveModel("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "sk-test" }),
    messages: toModelMessages([{ role: "user", content: "question" }]),
    settings: {},
    n: 1,
    retry: { retries: 2, initialDelayMs: 5 },
    ...overrides,
  };
}

async function drain(stream: AsyncGenerator<string, unknown>) {
  const deltas: string[] = [];
  for (let next = await stream.next(); ; next = await stream.next()) {
    if (next.done) return { deltas, result: next.value };
    deltas.push(next.value);
  }
}

describe("streamCompletions over HTTP (AI SDK streamText)", () => {
  it("yields the deltas as the server cut them and returns the assembled output with usage", async () => {
    server.rules = [{ reply: "[[ ## answer ## ]]\nParis", streamChunks: () => ["[[ ## ans", "wer ## ]]\nPa", "ris"] }];
    const { deltas, result } = await drain(streamCompletions(request()));
    expect(deltas).toEqual(["[[ ## ans", "wer ## ]]\nPa", "ris"]);
    const [attempt] = result as { output: { text: string }; finishReason: string; usage: Record<string, unknown> }[];
    expect(attempt?.output.text).toBe("[[ ## answer ## ]]\nParis");
    expect(attempt?.finishReason).toBe("stop");
    expect(server.chatRequests[0]?.body?.stream).toBe(true);
  });

  it("streams n completions one after the other", async () => {
    server.rules = [{ reply: (_, choice) => `answer ${choice}` }];
    const { deltas, result } = await drain(streamCompletions(request({ n: 2 })));
    expect(deltas.join("|")).toBe("answer |0|answer |0");
    expect((result as unknown[]).length).toBe(2);
    expect(server.chatRequests.length).toBe(2);
  });

  it("retries a retryable failure that comes before the first delta", async () => {
    server.rules = [{ times: 2, fault: { type: "status", status: 500 } }, { reply: "ok now" }];
    const { deltas } = await drain(streamCompletions(request()));
    expect(deltas.join("")).toBe("ok now");
    expect(server.chatRequests.length).toBe(3);
  });

  it("does not retry a non-retryable failure", async () => {
    server.rules = [{ fault: { type: "status", status: 400, message: "bad request" } }];
    await expect(drain(streamCompletions(request()))).rejects.toBeInstanceOf(LMInvalidRequestError);
    expect(server.chatRequests.length).toBe(1);
  });

  it("closes the HTTP stream when the consumer stops early", async () => {
    server.rules = [{ reply: "one two three four five six seven eight", chunkDelayMs: 20 }];
    const stream = streamCompletions(request());
    expect((await stream.next()).value).toBe("one ");
    await stream.return([]);
    await expect.poll(() => server.streams[0]?.closedByClient, { timeout: 2000 }).toBe(true);
    const [scripted] = server.streams;
    expect(scripted?.sent).toBeLessThan(scripted?.total ?? 0);
  });

  it("rethrows the abort reason when the caller's signal fires mid-stream", async () => {
    server.rules = [{ reply: "one two three four five six", chunkDelayMs: 20 }];
    const controller = new AbortController();
    const stream = streamCompletions(request({ signal: controller.signal }));
    await stream.next();
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(drain(stream)).rejects.toBe(reason);
    await expect.poll(() => server.streams[0]?.closedByClient, { timeout: 2000 }).toBe(true);
  });
});
