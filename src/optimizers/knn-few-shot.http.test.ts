import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import { ModelEmbedder } from "../lm/embedder.js";
import { LM } from "../lm/lm.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { type RecordedRequest, ScriptedServer } from "../test/scripted-server.js";
import { KNNFewShot } from "./knn-few-shot.js";

const TOPICS = ["plus", "capital", "color"];
const ANSWERS: Record<string, string> = {
  "What is 1 plus 1?": "2",
  "What is the capital of France?": "Paris",
  "What color is the sky?": "blue",
  "What is 2 plus 3?": "5",
  "What is the capital of Spain?": "Madrid",
  "What is the capital of Peru?": "Lima",
};
const trainset = Object.entries(ANSWERS)
  .slice(0, 5)
  .map(([question, answer]) => new Example({ question, answer }).withInputs("question"));

let server: ScriptedServer;

/** The question a chat request asks last. */
const asked = (request: RecordedRequest) => /\[\[ ## question ## \]\]\n(.*)/.exec(request.lastUserMessage)?.[1] ?? "";

beforeEach(async () => {
  server = await ScriptedServer.start({
    rules: [{ reply: (request) => `[[ ## answer ## ]]\n${ANSWERS[asked(request)] ?? "?"}\n\n[[ ## completed ## ]]` }],
    // Each text's vector counts its topic words, so capitals sit next to capitals.
    embeddings: { vectors: (text) => TOPICS.map((topic) => text.split(topic).length - 1) },
  });
});
afterEach(async () => {
  await server.close();
});

describe("KNNFewShot over HTTP", () => {
  it("retrieves neighbours with a ModelEmbedder on /v1/embeddings and bootstraps them as demos", async () => {
    const connection = { baseURL: server.baseURL, apiKey: "test" };
    const vectorizer = new ModelEmbedder("openai/text-embedding-3-small", connection);
    const lm = new LM("openai/gpt-4o-mini", { ...connection, cache: false });
    const optimizer = new KNNFewShot({ k: 2, trainset, vectorizer, metric: answerExactMatch, maxLabeledDemos: 0 });
    const program = await optimizer.compile(new Predict("question -> answer"));

    const prediction = await context({ lm }, () => program.call({ question: "What is the capital of Peru?" }));
    expect(prediction.get("answer")).toBe("Lima");

    // One request for the trainset, one for the query, both through @ai-sdk/openai.
    expect(server.embeddingRequests.map((request) => request.body?.input)).toEqual([
      trainset.map((example) => `question: ${example.get("question")}`),
      ["question: What is the capital of Peru?"],
    ]);
    // The teacher answered the two nearest examples (best first), which became the demos.
    expect(server.chatRequests.map(asked)).toEqual([
      "What is the capital of Spain?",
      "What is the capital of France?",
      "What is the capital of Peru?",
    ]);
    const final = JSON.stringify(server.chatRequests.at(-1)?.body?.messages);
    expect(final).toContain("Madrid");
    expect(final).toContain("Paris");
    expect(final).not.toContain("plus");

    // A second query reuses the trainset's vectors: only the query is embedded, and a text the
    // embedder has seen (a trainset question) is not sent again.
    await context({ lm }, () => program.call({ question: "What is 4 plus 4?" }));
    expect(server.embeddingRequests.at(-1)?.body?.input).toEqual(["question: What is 4 plus 4?"]);
    await context({ lm }, () => program.call({ question: "What is 1 plus 1?" }));
    expect(server.embeddingRequests).toHaveLength(3);
  });
});
