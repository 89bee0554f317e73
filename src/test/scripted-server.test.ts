import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScriptedServer } from "./scripted-server.js";

let server: ScriptedServer;

beforeEach(async () => {
  server = await ScriptedServer.start({
    rules: [
      { match: "stream me", reply: "Hello streaming world" },
      { match: /^count/, reply: (_request, choice) => `choice ${choice}` },
      { match: (request) => request.body?.model === "special", reply: "special model" },
      { match: "flaky", times: 1, fault: { type: "status", status: 429, headers: { "retry-after": "2" } } },
      { match: "flaky", reply: "recovered" },
      { match: "slow", latencyMs: 80, reply: "late" },
    ],
  });
});
afterEach(async () => {
  await server.close();
});

async function chat(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", ...body }),
  });
}

const user = (content: string) => [{ role: "user", content }];

/** The parts of a completion or error body the tests read. */
interface ChatBody {
  choices: { message: { content: string } }[];
  error: { message: string; type: string };
}

async function json(response: Response): Promise<ChatBody> {
  return (await response.json()) as ChatBody;
}

describe("ScriptedServer", () => {
  it("listens on 127.0.0.1 only", () => {
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("streams completions as SSE that the AI SDK can consume, with usage", async () => {
    const provider = createOpenAICompatible({ name: "scripted", baseURL: server.baseURL, includeUsage: true });
    const result = streamText({ model: provider.chatModel("m"), prompt: "please stream me", maxRetries: 0 });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Hello streaming world");
    expect((await result.usage).outputTokens).toBe(3);
    expect(server.chatRequests[0]?.body?.stream).toBe(true);
  });

  it("answers n choices, choosing rules by RegExp or predicate", async () => {
    const counted = await json(await chat({ messages: user("count to two"), n: 2 }));
    expect(counted.choices.map((choice) => choice.message.content)).toEqual(["choice 0", "choice 1"]);
    const special = await json(await chat({ model: "special", messages: user("anything") }));
    expect(special.choices[0]?.message.content).toBe("special model");
  });

  it("applies a rule only `times` times, then falls through, sending the fault's headers", async () => {
    const first = await chat({ messages: user("flaky one") });
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    expect((await json(first)).error.type).toBe("invalid_request_error");
    const second = await chat({ messages: user("flaky one") });
    expect((await json(second)).choices[0]?.message.content).toBe("recovered");
  });

  it("delays answers by the rule's latency", async () => {
    const started = performance.now();
    await json(await chat({ messages: user("slow please") }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it("records every request and rejects requests no rule matches", async () => {
    const unmatched = await chat({ messages: [{ role: "user", content: [{ type: "text", text: "nothing fits" }] }] });
    expect(unmatched.status).toBe(400);
    expect((await json(unmatched)).error.message).toContain("nothing fits");
    const missing = await fetch(`${server.baseURL}/files`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(server.requests.map((request) => request.path)).toEqual(["/v1/chat/completions", "/v1/files"]);
    expect(server.requests[0]?.lastUserMessage).toBe("nothing fits");
  });

  it("cuts hung connections when closed", async () => {
    server.rules = [{ fault: { type: "hang" } }];
    const pending = chat({ messages: user("hang") }).catch((error: unknown) => error);
    while (server.chatRequests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    server = await ScriptedServer.start();
  });
  it("answers the text-completions API, matching rules against the prompt", async () => {
    const response = await fetch(`${server.baseURL}/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", prompt: "count to one\n\nBEGIN RESPONSE:", n: 2 }),
    });
    const body = (await response.json()) as { object: string; choices: { text: string }[]; usage: object };
    expect(body.object).toBe("text_completion");
    expect(body.choices.map((choice) => choice.text)).toEqual(["choice 0", "choice 1"]);
    expect(server.requests.at(-1)?.lastUserMessage).toBe("count to one\n\nBEGIN RESPONSE:");
  });
});
