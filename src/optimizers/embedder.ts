/** Options for one {@link Embedder.embed} call. */
export interface EmbedOptions {
  /** Aborts the embedding request. */
  signal?: AbortSignal;
}

/**
 * What KNN retrieval needs from an embedding model (DSPy's `dspy.Embedder`): one vector per
 * text, in order, all of the same length. Any model fits — an AI SDK embedding model, a local
 * sentence encoder, or a hand-written function in tests.
 *
 * @example
 * const embedder: Embedder = {
 *   async embed(texts) {
 *     const { embeddings } = await embedMany({ model: openai.embedding("text-embedding-3-small"), values: texts });
 *     return embeddings;
 *   },
 * };
 */
export interface Embedder {
  /** Embeds each text; the result has one vector per input text, in the same order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<number[][]>;
}
