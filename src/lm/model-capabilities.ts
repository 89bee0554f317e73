/** What adapters may ask of a model: the request parameters it takes and structured-output support. */
export interface ModelCapabilities {
  supportedParams: ReadonlySet<string>;
  supportsResponseSchema: boolean;
}

// DSPy 3.4.1's lm15 capability tables (`clients/capabilities.py`), as `dspy.LM(...).supported_params`
// reports them for each API dialect.
const OPENAI_CHAT_PARAMS = [
  "frequency_penalty",
  "logit_bias",
  "logprobs",
  "max_completion_tokens",
  "max_tokens",
  "presence_penalty",
  "seed",
  "stop",
  "stream",
  "temperature",
  "top_logprobs",
  "top_p",
  "user",
];
const STRUCTURED_PARAMS = ["response_format", "tools", "tool_choice", "parallel_tool_calls"];
const ANTHROPIC_PARAMS = ["max_tokens", "stop", "stream", "temperature", "top_k", "top_p", ...STRUCTURED_PARAMS];
const GEMINI_PARAMS = ["logprobs", "max_tokens", "response_format", "stop", "stream", "temperature", "tool_choice"];
const GEMINI_EXTRA = ["tools", "top_k", "top_logprobs", "top_p", "reasoning_effort"];

/**
 * Providers whose models DSPy's bundled catalog describes as taking JSON schemas and tools. Local
 * and generic OpenAI-compatible servers are unknown to it, so DSPy reports neither for them.
 */
const CATALOGUED_OPENAI_DIALECT = new Set(["openai", "openrouter", "deepseek"]);

/**
 * The part of an LM name that DSPy calls the provider: before the first `/`, or `openai`.
 *
 * @example
 * providerName("anthropic/claude-sonnet-4-5"); // "anthropic"
 * providerName("gpt-4o");                      // "openai"
 */
export function providerName(model: string): string {
  const slash = model.indexOf("/");
  return slash === -1 ? "openai" : model.slice(0, slash);
}

/**
 * DSPy's OpenAI reasoning-model pattern (o1/o3/o4/o5 families and every gpt-5 except `-chat`),
 * applied to the part after the last `/`. These take `max_completion_tokens` and fixed sampling.
 *
 * @example
 * isOpenAIReasoningModel("openai/gpt-5-mini"); // true
 * isOpenAIReasoningModel("openai/gpt-4o");     // false
 */
export function isOpenAIReasoningModel(model: string): boolean {
  const family = (model.split("/").at(-1) ?? model).toLowerCase();
  return /^(?:o[1345](?:-(?:mini|nano|pro))?(?:-\d{4}-\d{2}-\d{2})?|gpt-5(?:\.\d+)*(?!-chat)(?:-.*)?)$/.test(family);
}

/**
 * Capabilities DSPy 3.4.1 reports for a model, by API dialect: full OpenAI chat parameters with
 * `response_format` and tools for catalogued providers; the same without them for local and
 * generic OpenAI-compatible servers; Anthropic's and Gemini's own sets.
 *
 * @example
 * modelCapabilities("openai/gpt-4o-mini").supportedParams.has("response_format"); // true
 * modelCapabilities("ollama_chat/llama3").supportsResponseSchema;                 // false
 */
export function modelCapabilities(model: string): ModelCapabilities {
  const provider = providerName(model);
  if (provider === "anthropic") return { supportedParams: new Set(ANTHROPIC_PARAMS), supportsResponseSchema: true };
  if (provider === "gemini" || provider === "google") {
    return { supportedParams: new Set([...GEMINI_PARAMS, ...GEMINI_EXTRA]), supportsResponseSchema: true };
  }
  if (CATALOGUED_OPENAI_DIALECT.has(provider)) {
    const params = new Set([...OPENAI_CHAT_PARAMS, ...STRUCTURED_PARAMS]);
    if (isOpenAIReasoningModel(model)) params.add("reasoning_effort");
    return { supportedParams: params, supportsResponseSchema: true };
  }
  return { supportedParams: new Set(OPENAI_CHAT_PARAMS), supportsResponseSchema: false };
}
