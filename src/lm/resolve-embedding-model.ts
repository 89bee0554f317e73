import type { EmbeddingModel } from "ai";
import { LMConfigurationError, LMNotConfiguredError } from "../errors/lm-errors.js";
import { googleProvider, openaiCompatibleProvider, openaiProvider } from "./ai-sdk.js";
import { providerName } from "./model-capabilities.js";
import type { ResolveModelOptions } from "./resolve-model.js";

/** An AI SDK embedding model object (what `openai.embedding("text-embedding-3-small")` returns). */
export type EmbeddingModelObject = Exclude<EmbeddingModel, string>;

// Local OpenAI-compatible servers DSPy users embed with, and where they listen by default.
const LOCAL: Record<string, string> = {
  ollama: "http://localhost:11434/v1",
  ollama_chat: "http://localhost:11434/v1",
  lm_studio: "http://localhost:1234/v1",
};

/**
 * Turns a DSPy embedding model string into an AI SDK embedding model, with the connection rules
 * of {@link resolveModel}: `openai/…` (key from `OPENAI_API_KEY` unless a `baseURL` points
 * elsewhere), `gemini/…` or `google/…` (key from `GEMINI_API_KEY`, `GOOGLE_API_KEY` or
 * `GOOGLE_GENERATIVE_AI_API_KEY`), `ollama/…` and `lm_studio/…` on their default local ports, and
 * any other prefix on an OpenAI-compatible server given by `baseURL`.
 *
 * @example
 * resolveEmbeddingModel("openai/text-embedding-3-small", { apiKey: "sk-..." }).modelId; // "text-embedding-3-small"
 * resolveEmbeddingModel("hosted_vllm/bge-m3", { baseURL: "http://gpu:8000/v1" });
 */
export function resolveEmbeddingModel(model: string, options: ResolveModelOptions = {}): EmbeddingModelObject {
  const env = options.env ?? process.env;
  const provider = providerName(model);
  const modelId = model.includes("/") ? model.slice(model.indexOf("/") + 1) : model;
  if (!modelId) throw new LMConfigurationError(`model ${JSON.stringify(model)} has a provider prefix but no model id`);
  const connection = { headers: options.headers, fetch: options.fetch };
  const missingKey = (variables: string[]) =>
    new LMNotConfiguredError(`no API key for ${provider}: set ${variables.join(" or ")} or pass apiKey`, {
      model,
      provider,
    });

  if (provider === "openai") {
    const apiKey = options.apiKey ?? env.OPENAI_API_KEY;
    const baseURL = options.baseURL ?? env.OPENAI_BASE_URL ?? env.OPENAI_API_BASE;
    if (!apiKey && !baseURL) throw missingKey(["OPENAI_API_KEY"]);
    return openaiProvider()
      .createOpenAI({ ...connection, apiKey: apiKey ?? "not-needed", baseURL })
      .embedding(modelId);
  }
  if (provider === "gemini" || provider === "google") {
    const variables = ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"];
    const apiKey = options.apiKey ?? variables.map((name) => env[name]).find(Boolean);
    if (!apiKey) throw missingKey(variables);
    return googleProvider()
      .createGoogle({ ...connection, apiKey, baseURL: options.baseURL })
      .embedding(modelId);
  }
  const baseURL = options.baseURL ?? LOCAL[provider];
  if (!baseURL) {
    throw new LMConfigurationError(
      `provider ${JSON.stringify(provider)} has no embedding endpoint here: pass the baseURL of an OpenAI-compatible server`,
      { model, provider },
    );
  }
  return openaiCompatibleProvider()
    .createOpenAICompatible({ ...connection, name: provider, baseURL, apiKey: options.apiKey })
    .embeddingModel(modelId);
}
