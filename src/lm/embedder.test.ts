import { createOpenAI } from "@ai-sdk/openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { LMConfigurationError, LMNotConfiguredError, LMServerError, LMTransportError } from "../errors/lm-errors.js";
import { hashedVector } from "../test/scripted-embeddings.js";
import { ScriptedServer } from "../test/scripted-server.js";
import { ModelEmbedder } from "./embedder.js";

let server: ScriptedServer;

beforeEach(async () => {
  server = await ScriptedServer.start({ embeddings: { dimensions: 6 } });
});
afterEach(async () => {
  await server.close();
});

const inputs = () => server.embeddingRequests.map((request) => request.body?.input);
const fast = { initialMs: 1, maxMs: 5 };

describe("ModelEmbedder", () => {
  it("embeds over HTTP through @ai-sdk/openai in batches, remembering vectors it has seen", async () => {
    const embedder = new ModelEmbedder("openai/text-embedding-3-small", {
      baseURL: server.baseURL,
      apiKey: "test",
      batchSize: 2,
    });
    const texts = ["a", "b", "c", "a", "d"];
    expect(await embedder.embed(texts)).toEqual(texts.map((text) => hashedVector(text, 6)));
    // The repeat of "a" is sent once; batches of two.
    expect(inputs()).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(server.embeddingRequests[0]?.body?.model).toBe("text-embedding-3-small");
    expect(server.embeddingRequests[0]?.headers.authorization).toBe("Bearer test");

    expect(await embedder.embed(["d", "e"])).toEqual([hashedVector("d", 6), hashedVector("e", 6)]);
    expect(inputs().at(-1)).toEqual(["e"]);
    expect(await embedder.embed([])).toEqual([]);
    expect(server.embeddingRequests).toHaveLength(3);
  });

  it("sends every text each time without the cache, asks for dimensions, and takes a model object", async () => {
    const model = createOpenAI({ baseURL: server.baseURL, apiKey: "test" }).embedding("small");
    const embedder = new ModelEmbedder(model, { cache: false, dimensions: 3 });
    expect(embedder.model).toBe("openai/small");
    expect(await embedder.embed(["x", "x"])).toEqual([hashedVector("x", 3), hashedVector("x", 3)]);
    await embedder.embed(["x"]);
    expect(inputs()).toEqual([["x", "x"], ["x"]]);
    expect(server.embeddingRequests[0]?.body?.dimensions).toBe(3);
  });

  it("retries a server error, then fails with the LM error taxonomy", async () => {
    let failures = 1;
    server.embeddings = {
      vectors: () => {
        if (failures-- > 0) throw new Error("overloaded");
        return undefined;
      },
    };
    const embedder = new ModelEmbedder("openai/e", { baseURL: server.baseURL, numRetries: 1, retryDelay: fast });
    expect(await embedder.embed(["hi"])).toEqual([hashedVector("hi", 16)]);
    expect(server.embeddingRequests).toHaveLength(2);

    failures = 5;
    const failing = new ModelEmbedder("openai/e", { baseURL: server.baseURL, numRetries: 1, retryDelay: fast });
    await expect(failing.embed(["again"])).rejects.toBeInstanceOf(LMServerError);
    expect(server.embeddingRequests).toHaveLength(4);
    const baseURL = server.baseURL;
    await server.close();
    const offline = new ModelEmbedder("openai/e", { baseURL, numRetries: 0 });
    await expect(offline.embed(["x"])).rejects.toBeInstanceOf(LMTransportError);
    server = await ScriptedServer.start();
  });

  it("rejects vectors that do not line up with the texts", async () => {
    server.embeddings = { vectors: { short: [1, 2] } };
    const embedder = new ModelEmbedder("openai/e", { baseURL: server.baseURL, numRetries: 0 });
    await expect(embedder.embed(["short", "long"])).rejects.toThrow("vectors of different lengths");
    await expect(embedder.embed([1 as unknown as string])).rejects.toThrow("All inputs must be strings.");
  });

  it("stops a slow request when its signal aborts", async () => {
    server.embeddings = { latencyMs: 5_000 };
    const embedder = new ModelEmbedder("openai/e", { baseURL: server.baseURL });
    const controller = new AbortController();
    const pending = embedder.embed(["slow"], { signal: controller.signal });
    while (server.embeddingRequests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort("enough");
    await expect(pending).rejects.toMatchObject({ constructor: AbortError, reason: "enough" });
    await expect(embedder.embed(["x"], { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it("resolves model strings like LM's, failing clearly without credentials or an endpoint", async () => {
    const env = {};
    await expect(new ModelEmbedder("openai/e", { env }).embed(["x"])).rejects.toBeInstanceOf(LMNotConfiguredError);
    await expect(new ModelEmbedder("gemini/text-embedding-004", { env }).embed(["x"])).rejects.toThrow(
      "GEMINI_API_KEY",
    );
    await expect(new ModelEmbedder("hosted_vllm/bge", { env }).embed(["x"])).rejects.toBeInstanceOf(
      LMConfigurationError,
    );
    const compatible = new ModelEmbedder("hosted_vllm/bge", { baseURL: server.baseURL, apiKey: "k" });
    expect(await compatible.embed(["x"])).toEqual([hashedVector("x", 6)]);
    expect(server.embeddingRequests.at(-1)?.body?.model).toBe("bge");
    expect(() => new ModelEmbedder("openai/e", { batchSize: 0 })).toThrow("batchSize must be a positive integer");
  });
});
