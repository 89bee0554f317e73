import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { LMProviderError } from "../errors/lm-errors.js";
import { aiSdk } from "./ai-sdk.js";
import { providerName } from "./model-capabilities.js";
import { type EmbeddingModelObject, resolveEmbeddingModel } from "./resolve-embedding-model.js";
import type { ResolveModelOptions } from "./resolve-model.js";
import { withRetries } from "./retry.js";
import { toLMError } from "./to-lm-error.js";

/** Options for one {@link Embedder.embed} call. */
export interface EmbedOptions {
  /** Aborts the embedding request. */
  signal?: AbortSignal;
}

/**
 * What KNN retrieval needs from an embedding model (DSPy's `dspy.Embedder`): one vector per
 * text, in order, all of the same length. Any model fits — {@link ModelEmbedder} for a
 * provider's model, a local sentence encoder, or a hand-written function in tests.
 *
 * @example
 * const embedder: Embedder = { embed: async (texts) => texts.map((text) => [text.length, 1]) };
 */
export interface Embedder {
  /** Embeds each text; the result has one vector per input text, in the same order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<number[][]>;
}

/** Options for {@link ModelEmbedder}: connection settings plus DSPy's `Embedder` arguments. */
export interface ModelEmbedderOptions extends ResolveModelOptions {
  /** Texts per request (DSPy's `batch_size`, default 200); batches are sent one after another. */
  batchSize?: number;
  /** Vector length to ask for, where the model can shorten its vectors (OpenAI's `dimensions`). */
  dimensions?: number;
  /** Retries of a retryable failure (rate limit, timeout, 5xx, connection), with backoff (default 3). */
  numRetries?: number;
  /** Backoff bounds, in ms (default 1 000 initial, 60 000 at most). */
  retryDelay?: { initialMs?: number; maxMs?: number };
  /** Remember each text's vector, so it is embedded once (DSPy's `caching`, default true). */
  cache?: boolean;
  /** Texts remembered at most; the oldest are forgotten first (default 10 000). */
  cacheSize?: number;
}

/**
 * DSPy's `dspy.Embedder` for hosted models, on the AI SDK's `embedMany`: a model string resolved
 * like an LM's (`"openai/text-embedding-3-small"`, `"gemini/text-embedding-004"`,
 * `"ollama/nomic-embed-text"`, any OpenAI-compatible server with `baseURL`) or an AI SDK
 * embedding model object. Sends the texts in batches of `batchSize`, retries retryable failures,
 * stops on `signal`, and fails with the LM error taxonomy (`LMAuthError`, `LMRateLimitError`, …).
 *
 * @example
 * const embedder = new ModelEmbedder("openai/text-embedding-3-small", { batchSize: 100 });
 * const knn = new KNNFewShot({ k: 3, trainset, vectorizer: embedder, metric: answerExactMatch });
 */
export class ModelEmbedder implements Embedder {
  /** DSPy's `"provider/model"` name. */
  readonly model: string;
  readonly batchSize: number;
  readonly #options: ModelEmbedderOptions;
  readonly #cache = new Map<string, number[]>();
  #resolved: EmbeddingModelObject | undefined;

  constructor(model: string | EmbeddingModelObject, options: ModelEmbedderOptions = {}) {
    if (typeof model === "string") this.model = model;
    else {
      this.model = `${model.provider.split(".")[0]}/${model.modelId}`;
      this.#resolved = model;
    }
    const batchSize = options.batchSize ?? 200;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new DSPyError(`batchSize must be a positive integer, got ${batchSize}.`, { code: "value_error" });
    }
    this.batchSize = batchSize;
    this.#options = options;
  }

  /**
   * One vector per text, in order.
   *
   * @example
   * const [hello, world] = await embedder.embed(["hello", "world"], { signal: AbortSignal.timeout(10_000) });
   */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    if (!texts.every((text) => typeof text === "string")) {
      throw new DSPyError("All inputs must be strings.", { code: "value_error", pythonType: "ValueError" });
    }
    const { signal } = options;
    if (signal?.aborted) throw cancelled(signal);
    const caching = this.#options.cache ?? true;
    // Each text once per request when caching (the cache answers the repeats).
    const pending = caching ? [...new Set(texts.filter((text) => !this.#cache.has(text)))] : [...texts];
    const computed: number[][] = [];
    for (let start = 0; start < pending.length; start += this.batchSize) {
      computed.push(...(await this.#embedBatch(pending.slice(start, start + this.batchSize), signal)));
    }
    let vectors: number[][];
    if (caching) {
      for (const [index, text] of pending.entries()) this.#remember(text, computed[index] as number[]);
      const fresh = new Map(pending.map((text, index) => [text, computed[index] as number[]]));
      vectors = texts.map((text) => fresh.get(text) ?? (this.#cache.get(text) as number[]));
    } else vectors = computed;
    const length = vectors[0]?.length;
    if (vectors.some((vector) => vector.length !== length)) {
      throw new LMProviderError("the embedding model returned vectors of different lengths", this.#details());
    }
    return vectors;
  }

  async #embedBatch(batch: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    const { numRetries = 3, retryDelay = {}, dimensions } = this.#options;
    const attempt = async () => {
      try {
        const { embeddings } = await aiSdk().embedMany({
          model: this.#model(),
          values: batch,
          maxRetries: 0,
          maxParallelCalls: 1,
          ...(dimensions === undefined ? {} : { dimensions }),
          ...(signal ? { abortSignal: signal } : {}),
        });
        return embeddings;
      } catch (error) {
        if (signal?.aborted) throw cancelled(signal);
        throw toLMError(error, this.#details());
      }
    };
    let embeddings: number[][];
    try {
      embeddings = await withRetries(attempt, {
        retries: numRetries,
        signal,
        initialDelayMs: retryDelay.initialMs,
        maxDelayMs: retryDelay.maxMs,
      });
    } catch (error) {
      if (signal?.aborted) throw cancelled(signal);
      throw error;
    }
    if (embeddings.length !== batch.length) {
      const message = `the embedding model returned ${embeddings.length} vectors for ${batch.length} texts`;
      throw new LMProviderError(message, this.#details());
    }
    return embeddings;
  }

  #model(): EmbeddingModelObject {
    this.#resolved ??= resolveEmbeddingModel(this.model, this.#options);
    return this.#resolved;
  }

  #remember(text: string, vector: number[]): void {
    this.#cache.set(text, vector);
    const limit = this.#options.cacheSize ?? 10_000;
    // Maps iterate in insertion order: the first key is the oldest.
    while (this.#cache.size > limit) this.#cache.delete(this.#cache.keys().next().value as string);
  }

  #details() {
    return { model: this.model, provider: providerName(this.model) };
  }
}

function cancelled(signal: AbortSignal): AbortError {
  return new AbortError("Embedding was cancelled.", { reason: signal.reason });
}
