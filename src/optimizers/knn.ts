import type { Example } from "../primitives/example.js";
import { pyStr } from "../utils/python-repr.js";
import type { Embedder, EmbedOptions } from "./embedder.js";

/**
 * DSPy's `KNN`: finds the `k` training examples most similar to a query. Each example is
 * embedded as `"key: value | key: value"` over its input fields, the query the same way over
 * all its fields, and similarity is the dot product (normalise in the embedder for cosine).
 *
 * Matches DSPy: the training vectors are rounded to float32 as numpy's `astype(float32)` does,
 * and the result is the best `k`, best first; among equal scores the later example comes first
 * (numpy's argsort, reversed). The trainset is embedded once, on first use.
 *
 * @example
 * const knn = new KNN(3, trainset, embedder);
 * const neighbours = await knn.retrieve({ question: "What is the capital of Belgium?" });
 */
export class KNN {
  readonly k: number;
  readonly trainset: readonly Example[];
  readonly #embedder: Embedder;
  #trainVectors: Promise<Float32Array[]> | undefined;

  constructor(k: number, trainset: readonly Example[], embedder: Embedder) {
    this.k = k;
    this.trainset = trainset;
    this.#embedder = embedder;
  }

  /**
   * The nearest training examples to `inputs`, best first.
   *
   * @example
   * await knn.retrieve({ question: "2+2?" }, { signal });
   */
  async retrieve(inputs: Record<string, unknown>, options: EmbedOptions = {}): Promise<Example[]> {
    const trainVectors = await this.#trainsetVectors(options);
    const query = Object.entries(inputs)
      .map(([key, value]) => `${key}: ${pyStr(value)}`)
      .join(" | ");
    const [vector] = await this.#embedder.embed([query], options);
    if (!vector) throw new Error("The embedder returned no vector for the query.");
    const scores = trainVectors.map((row) => dot(row, vector));
    // numpy's argsort keeps equal scores in index order (small arrays); DSPy then reverses it.
    const ascending = scores.map((_, index) => index).sort((a, b) => (scores[a] as number) - (scores[b] as number));
    return ascending
      .slice(-this.k)
      .reverse()
      .map((index) => this.trainset[index] as Example);
  }

  #trainsetVectors(options: EmbedOptions): Promise<Float32Array[]> {
    if (!this.#trainVectors) {
      const texts = this.trainset.map((example) => {
        const inputKeys = example.inputKeys ?? new Set<string>();
        return example
          .keys()
          .filter((key) => inputKeys.has(key))
          .map((key) => `${key}: ${pyStr(example.get(key))}`)
          .join(" | ");
      });
      this.#trainVectors = this.#embedder.embed(texts, options).then(
        (vectors) => vectors.map((vector) => Float32Array.from(vector)),
        (error: unknown) => {
          // A failed (or cancelled) embedding must not poison later calls.
          this.#trainVectors = undefined;
          throw error;
        },
      );
    }
    return this.#trainVectors;
  }
}

function dot(row: Float32Array, vector: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < row.length; index++) sum += (row[index] as number) * (vector[index] ?? 0);
  return sum;
}
