import { LMConfigurationError, LMNotConfiguredError } from "../errors/lm-errors.js";
import { anthropicProvider, googleProvider, openaiCompatibleProvider, openaiProvider } from "./ai-sdk.js";
import { createHttpFetch } from "./http-fetch.js";
import { modelCapabilities, providerName } from "./model-capabilities.js";
import type { LanguageModelObject } from "./model-name-of.js";
import { TEXT_COMPLETION_PASSTHROUGH, TextCompletionModel } from "./text-completion-model.js";

export { type LanguageModelObject, modelNameOf } from "./model-name-of.js";

/** Connection settings for {@link resolveModel}; anything absent comes from the environment. */
export interface ResolveModelOptions {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies); default: {@link createHttpFetch}'s keep-alive pool. */
  fetch?: typeof globalThis.fetch;
  /** Where API keys and base URLs are looked up (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** DSPy's `model_type`: `"chat"` (default) or `"text"`, the text-completions API. */
  modelType?: "chat" | "text";
}

/** A provider model ready for `generateText`. */
export interface ResolvedModel {
  languageModel: LanguageModelObject;
  /** DSPy's provider name, e.g. `"openai"`, `"ollama_chat"`. */
  provider: string;
  /** `providerOptions` key under which extra request parameters reach the body, if the provider allows it. */
  passthroughKey: string | undefined;
}

interface CompatibleProvider {
  /** Default base URL; absent means one must be given. */
  baseURL?: string;
  baseURLEnv: string[];
  keyEnv: string[];
  /** Local servers need no key. */
  keyRequired: boolean;
}

// LiteLLM prefixes DSPy users write, served here through the OpenAI-compatible chat API.
const COMPATIBLE: Record<string, CompatibleProvider> = {
  ollama: { baseURL: "http://localhost:11434/v1", baseURLEnv: ["OLLAMA_API_BASE"], keyEnv: [], keyRequired: false },
  ollama_chat: {
    baseURL: "http://localhost:11434/v1",
    baseURLEnv: ["OLLAMA_API_BASE"],
    keyEnv: [],
    keyRequired: false,
  },
  lm_studio: {
    baseURL: "http://localhost:1234/v1",
    baseURLEnv: ["LM_STUDIO_API_BASE"],
    keyEnv: ["LM_STUDIO_API_KEY"],
    keyRequired: false,
  },
  hosted_vllm: { baseURLEnv: ["HOSTED_VLLM_API_BASE"], keyEnv: ["HOSTED_VLLM_API_KEY"], keyRequired: false },
  vllm: { baseURLEnv: ["VLLM_API_BASE", "HOSTED_VLLM_API_BASE"], keyEnv: ["VLLM_API_KEY"], keyRequired: false },
  openrouter: {
    baseURL: "https://openrouter.ai/api/v1",
    baseURLEnv: ["OPENROUTER_API_BASE"],
    keyEnv: ["OPENROUTER_API_KEY"],
    keyRequired: true,
  },
  groq: { baseURL: "https://api.groq.com/openai/v1", baseURLEnv: [], keyEnv: ["GROQ_API_KEY"], keyRequired: true },
  deepseek: { baseURL: "https://api.deepseek.com/v1", baseURLEnv: [], keyEnv: ["DEEPSEEK_API_KEY"], keyRequired: true },
  together_ai: {
    baseURL: "https://api.together.xyz/v1",
    baseURLEnv: [],
    keyEnv: ["TOGETHERAI_API_KEY", "TOGETHER_API_KEY"],
    keyRequired: true,
  },
  fireworks_ai: {
    baseURL: "https://api.fireworks.ai/inference/v1",
    baseURLEnv: [],
    keyEnv: ["FIREWORKS_AI_API_KEY", "FIREWORKS_API_KEY"],
    keyRequired: true,
  },
  xai: { baseURL: "https://api.x.ai/v1", baseURLEnv: [], keyEnv: ["XAI_API_KEY"], keyRequired: true },
  mistral: { baseURL: "https://api.mistral.ai/v1", baseURLEnv: [], keyEnv: ["MISTRAL_API_KEY"], keyRequired: true },
  "openai-compatible": { baseURLEnv: ["OPENAI_COMPATIBLE_API_BASE"], keyEnv: [], keyRequired: false },
};

/**
 * Turns a DSPy model string into an AI SDK model: `openai/…` (Chat Completions API, as DSPy's
 * default `model_type="chat"`), `anthropic/…`, `gemini/…` or `google/…`, and OpenAI-compatible
 * servers (`ollama_chat/…`, `hosted_vllm/…`, `lm_studio/…`, `openrouter/…`, `groq/…`, …). Any other
 * prefix works when a `baseURL` is given. A name without `/` is an OpenAI model, as in DSPy.
 *
 * @example
 * resolveModel("openai/gpt-4o-mini", { apiKey: "sk-..." }).languageModel.modelId; // "gpt-4o-mini"
 * resolveModel("ollama_chat/llama3.2").provider;                                 // "ollama_chat"
 */
export function resolveModel(model: string, options: ResolveModelOptions = {}): ResolvedModel {
  const env = options.env ?? process.env;
  const provider = providerName(model);
  const modelId = model.includes("/") ? model.slice(model.indexOf("/") + 1) : model;
  if (!modelId) throw new LMConfigurationError(`model ${JSON.stringify(model)} has a provider prefix but no model id`);
  // One keep-alive pool per resolved model; a caller's own fetch wins.
  const connection = { headers: options.headers, fetch: options.fetch ?? createHttpFetch({ env }) };
  const missingKey = (variables: string[]) =>
    new LMNotConfiguredError(`no API key for ${provider}: set ${variables.join(" or ")} or pass apiKey`, {
      model,
      provider,
    });

  if (provider === "openai") {
    const apiKey = options.apiKey ?? env.OPENAI_API_KEY;
    const baseURL = options.baseURL ?? env.OPENAI_BASE_URL ?? env.OPENAI_API_BASE;
    // A custom endpoint (proxy, local server) may need no key; api.openai.com always does.
    if (!apiKey && !baseURL) throw missingKey(["OPENAI_API_KEY"]);
    if (options.modelType === "text") {
      return textModel(modelId, provider, { ...connection, apiKey, baseURL: baseURL ?? "https://api.openai.com/v1" });
    }
    const languageModel = openaiProvider()
      .createOpenAI({ ...connection, apiKey: apiKey ?? "not-needed", baseURL })
      .chat(modelId);
    return { languageModel, provider, passthroughKey: undefined };
  }
  if (options.modelType === "text" && (provider === "anthropic" || provider === "gemini" || provider === "google")) {
    throw new LMConfigurationError(
      `model_type "text" needs an OpenAI-compatible text-completions API; ${provider} has none`,
      { model, provider },
    );
  }
  if (provider === "anthropic") {
    const apiKey = options.apiKey ?? env.ANTHROPIC_API_KEY;
    if (!apiKey) throw missingKey(["ANTHROPIC_API_KEY"]);
    const baseURL = options.baseURL ?? env.ANTHROPIC_API_BASE;
    return {
      languageModel: anthropicProvider().createAnthropic({ ...connection, apiKey, baseURL })(modelId),
      provider,
      passthroughKey: undefined,
    };
  }
  if (provider === "gemini" || provider === "google") {
    const variables = ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"];
    const apiKey = options.apiKey ?? firstSet(env, variables);
    if (!apiKey) throw missingKey(variables);
    const languageModel = googleProvider().createGoogle({ ...connection, apiKey, baseURL: options.baseURL })(modelId);
    return { languageModel, provider, passthroughKey: undefined };
  }
  const known = COMPATIBLE[provider];
  const baseURL = options.baseURL ?? firstSet(env, known?.baseURLEnv ?? []) ?? known?.baseURL;
  if (!baseURL) {
    const hint = known ? `set ${[...known.baseURLEnv].join(" or ") || "a base URL"} or pass baseURL` : "pass baseURL";
    throw new LMConfigurationError(`provider ${JSON.stringify(provider)} needs a base URL: ${hint}`, {
      model,
      provider,
    });
  }
  const apiKey = options.apiKey ?? firstSet(env, known?.keyEnv ?? []);
  if (!apiKey && known?.keyRequired) throw missingKey(known.keyEnv);
  if (options.modelType === "text") return textModel(modelId, provider, { ...connection, apiKey, baseURL });
  const compatible = openaiCompatibleProvider().createOpenAICompatible({
    ...connection,
    name: provider,
    baseURL,
    apiKey,
    includeUsage: true,
    // Send JSON schemas as `json_schema` only where DSPy's catalog says the models take them.
    supportsStructuredOutputs: modelCapabilities(model).supportsResponseSchema,
  });
  // The SDK reads extra body parameters from the camelCase form of the provider name.
  const passthroughKey = provider.replace(/[_-]+([a-z0-9])/gi, (_, letter: string) => letter.toUpperCase());
  return { languageModel: compatible.chatModel(modelId), provider, passthroughKey };
}

function firstSet(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined {
  for (const name of names) if (env[name]) return env[name];
  return undefined;
}

/** DSPy's `model_type="text"`: the OpenAI text-completions API at the provider's endpoint. */
function textModel(
  modelId: string,
  provider: string,
  connection: Omit<ConstructorParameters<typeof TextCompletionModel>[1], "provider">,
): ResolvedModel {
  const languageModel = new TextCompletionModel(modelId, { ...connection, provider });
  return { languageModel, provider, passthroughKey: TEXT_COMPLETION_PASSTHROUGH };
}
