/**
 * The embedder KNN retrieval takes lives with the LMs (embeddings are a provider concern); this
 * module keeps the optimizers' import path.
 */
export type { Embedder, EmbedOptions } from "../lm/embedder.js";
