import { createOpenAI } from "@ai-sdk/openai";
import { embedMany } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashedVector } from "./scripted-embeddings.js";
import { ScriptedServer } from "./scripted-server.js";

let server: ScriptedServer;

beforeEach(async () => {
  server = await ScriptedServer.start({ embeddings: { dimensions: 8, vectors: { exact: [1, 0, 0] } } });
});
afterEach(async () => {
  await server.close();
});

async function embeddings(body: Record<string, unknown>) {
  const response = await fetch(`${server.baseURL}/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "e", ...body }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data: { index: number; embedding: number[] }[] },
  };
}

describe("ScriptedServer embeddings", () => {
  it("gives each text a unit vector seeded by its hash, the same on every request", () => {
    const vector = hashedVector("hello", 8);
    expect(vector).toHaveLength(8);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 12);
    expect(hashedVector("hello", 8)).toEqual(vector);
    expect(hashedVector("hellp", 8)).not.toEqual(vector);
  });

  it("answers through @ai-sdk/openai's embedMany, scripted vectors first, in input order", async () => {
    const model = createOpenAI({ baseURL: server.baseURL, apiKey: "test" }).embedding("text-embedding-3-small");
    const { embeddings: vectors, usage } = await embedMany({ model, values: ["a b", "exact", "a b"], maxRetries: 0 });
    expect(vectors).toEqual([hashedVector("a b", 8), [1, 0, 0], hashedVector("a b", 8)]);
    expect(usage.tokens).toBe(5);
    expect(server.embeddingRequests).toHaveLength(1);
    expect(server.embeddingRequests[0]?.body?.input).toEqual(["a b", "exact", "a b"]);
    expect(server.chatRequests).toHaveLength(0);
  });

  it("honours a request's dimensions and a vectors function, and rejects non-text input", async () => {
    server.embeddings = { vectors: (text) => (text.startsWith("x") ? [text.length] : undefined) };
    const single = await embeddings({ input: "xyz" });
    expect(single.body.data).toEqual([{ object: "embedding", index: 0, embedding: [3] }]);
    const sized = await embeddings({ input: ["q"], dimensions: 3 });
    expect(sized.body.data[0]?.embedding).toEqual(hashedVector("q", 3));
    expect((await embeddings({ input: [1, 2] })).status).toBe(400);
  });
});
