import { describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import type { Embedder } from "./embedder.js";
import { KNN } from "./knn.js";
import { KNNFewShot } from "./knn-few-shot.js";

const TOPICS = ["plus", "capital", "color"];

/** Embeds a text as its counts of three topic words, and records what it was asked. */
function topicEmbedder() {
  const seen: string[][] = [];
  const embedder: Embedder = {
    async embed(texts) {
      seen.push([...texts]);
      return texts.map((text) => TOPICS.map((topic) => text.split(topic).length - 1));
    },
  };
  return { embedder, seen };
}

const trainset: Example[] = [
  { question: "What is 1 plus 1?", answer: "2" },
  { question: "What is the capital of France?", answer: "Paris" },
  { question: "What color is the sky?", answer: "blue" },
  { question: "What is 2 plus 3?", answer: "5" },
  { question: "What is the capital of Spain?", answer: "Madrid" },
].map((row) => new Example({ ...row, topic: "label only" }).withInputs("question"));

describe("KNN", () => {
  it("embeds input fields only, once, and returns the nearest examples best first", async () => {
    const { embedder, seen } = topicEmbedder();
    const knn = new KNN(2, trainset, embedder);
    const capitals = await knn.retrieve({ question: "Which capital is largest: the capital of Peru?" });
    expect(capitals.map((example) => example.get("answer"))).toEqual(["Madrid", "Paris"]);
    await knn.retrieve({ question: "3 plus 4" });
    expect(seen[0]).toEqual(trainset.map((example) => `question: ${example.get("question")}`));
    expect(seen.slice(1)).toEqual([
      ["question: Which capital is largest: the capital of Peru?"],
      ["question: 3 plus 4"],
    ]);
  });

  it("orders equal scores as numpy's argsort reversed (later example first), and k=0 returns all", async () => {
    const { embedder } = topicEmbedder();
    // Python: np.array([0.5, 1, 1, 0.2, 1]).argsort()[-2:][::-1] == [4, 2]
    const flat: Embedder = { embed: async (texts) => texts.map((_, i) => [[0.5, 1, 1, 0.2, 1][i] ?? 1]) };
    const ties = await new KNN(2, trainset, flat).retrieve({ question: "x" });
    expect(ties).toEqual([trainset[4], trainset[2]]);
    const all = await new KNN(0, trainset, embedder).retrieve({ question: "plus" });
    expect(all).toHaveLength(trainset.length);
  });

  it("renders non-string values as Python's str() does", async () => {
    const { embedder, seen } = topicEmbedder();
    const rows = [new Example({ n: 3, flags: [true, null], ok: false }).withInputs("n", "flags", "ok")];
    await new KNN(1, rows, embedder).retrieve({ n: 1.5, ok: true });
    expect(seen).toEqual([["n: 3 | flags: [True, None] | ok: False"], ["n: 1.5 | ok: True"]]);
  });
});

describe("KNNFewShot", () => {
  it("bootstraps each call from the query's neighbours only", async () => {
    const { embedder, seen } = topicEmbedder();
    const lm = new DummyLM({
      "1 plus 1": { answer: "2" },
      "2 plus 3": { answer: "5" },
      "7 plus 8": { answer: "15" },
      capital: { answer: "wrong" },
    });
    const student = new Predict("question -> answer");
    const optimizer = new KNNFewShot({
      k: 2,
      trainset,
      vectorizer: embedder,
      metric: answerExactMatch,
      maxLabeledDemos: 2,
    });
    const compiled = await optimizer.compile(student);
    expect(compiled).not.toBe(student);
    expect(seen).toHaveLength(0); // compiling is free

    const prediction = await context({ lm }, () => compiled.call({ question: "What is 7 plus 8?" }));
    expect(prediction.get("answer")).toBe("15");
    // The teacher answered the two math neighbours; the final call carries them as demos.
    const final =
      lm.history
        .at(-1)
        ?.messages.map((message) => String(message.content))
        .join("\n") ?? "";
    expect(lm.history).toHaveLength(3);
    expect(final).toContain("What is 2 plus 3?");
    expect(final).toContain("What is 1 plus 1?");
    expect(final).not.toContain("capital");
    expect(student.demos).toEqual([]);
    expect(compiled.demos).toEqual([]);
  });
});
