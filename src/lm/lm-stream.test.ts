import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScriptedServer } from "../test/scripted-server.js";
import { LMCache } from "./cache.js";
import { LM } from "./lm.js";

let server: ScriptedServer;
const ask = [{ role: "user" as const, content: "Capital of France?" }];

beforeEach(async () => {
  server = await ScriptedServer.start();
});
afterEach(async () => {
  await server.close();
});

function makeLM(cache: boolean): LM {
  return new LM("openai/gpt-4o-mini", {
    baseURL: server.baseURL,
    apiKey: "sk-test",
    cache,
    cacheStore: new LMCache({ disk: false }),
    retryDelay: { initialMs: 5 },
    logger: { warn: () => {} },
  });
}

async function drain<R>(stream: AsyncGenerator<string, R>): Promise<{ deltas: string[]; outputs: R }> {
  const deltas: string[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { deltas, outputs: next.value };
    deltas.push(next.value);
  }
}

describe("LM.stream", () => {
  it("yields the server's deltas and returns what call would, with usage and a history entry", async () => {
    server.rules = [{ reply: "Paris is the capital." }];
    const lm = makeLM(false);
    const { deltas, outputs } = await drain(lm.stream(ask, { temperature: 0 }));
    expect(deltas).toEqual(["Paris ", "is ", "the ", "capital."]);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.text).toBe("Paris is the capital.");
    expect(lm.history).toHaveLength(1);
    expect(lm.history[0]).toMatchObject({ cacheHit: false, kwargs: { temperature: 0 } });
    expect(server.chatRequests[0]?.body).toMatchObject({ stream: true, temperature: 0 });
  });

  it("shares the cache with call: a hit replays each cached text as one chunk, without a request", async () => {
    server.rules = [{ reply: "Paris is the capital." }];
    const lm = makeLM(true);
    await lm.call(ask);
    const { deltas, outputs } = await drain(lm.stream(ask));
    expect(deltas).toEqual(["Paris is the capital."]);
    expect(outputs[0]).toMatchObject({ text: "Paris is the capital.", usage: {} });
    expect(server.chatRequests).toHaveLength(1);
    expect(lm.history.map((entry) => entry.cacheHit)).toEqual([false, true]);
    // And what a stream fetched, a later call reads from the cache.
    server.rules = [{ reply: "Other." }];
    await drain(lm.stream([{ role: "user", content: "Another?" }]));
    expect((await lm.call([{ role: "user", content: "Another?" }]))[0]?.text).toBe("Other.");
    expect(server.chatRequests).toHaveLength(2);
  });

  it("retries a server error before the first delta", async () => {
    server.rules = [{ times: 1, fault: { type: "status", status: 503 } }, { reply: "ok" }];
    const { deltas } = await drain(makeLM(false).stream(ask));
    expect(deltas).toEqual(["ok"]);
    expect(server.chatRequests).toHaveLength(2);
  });

  it("closes the HTTP stream when iteration stops early", async () => {
    server.rules = [{ reply: "a b c d e f g h i j k l", chunkDelayMs: 15 }];
    const lm = makeLM(false);
    for await (const delta of lm.stream(ask)) if (delta) break;
    await expect.poll(() => server.streams[0]?.closedByClient, { timeout: 3000 }).toBe(true);
    expect(lm.history).toHaveLength(0);
  });
});
