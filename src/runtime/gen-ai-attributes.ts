import type { Attributes } from "@opentelemetry/api";
import { tokenCounts } from "./token-counts.js";

// Request settings as OpenTelemetry's GenAI semantic conventions name them, from DSPy kwargs.
const REQUEST_SETTINGS: Record<string, string> = {
  temperature: "gen_ai.request.temperature",
  max_tokens: "gen_ai.request.max_tokens",
  max_completion_tokens: "gen_ai.request.max_tokens",
  top_p: "gen_ai.request.top_p",
  top_k: "gen_ai.request.top_k",
  frequency_penalty: "gen_ai.request.frequency_penalty",
  presence_penalty: "gen_ai.request.presence_penalty",
  seed: "gen_ai.request.seed",
  n: "gen_ai.request.choice.count",
};

/**
 * The span name and request attributes of an LM call under the GenAI semantic conventions:
 * `chat {model}`, `gen_ai.operation.name`, `gen_ai.provider.name` (and the older
 * `gen_ai.system`), `gen_ai.request.model` and the numeric request settings. Credentials and
 * base URLs are never read.
 *
 * @example
 * genAiRequestAttributes(new LM("openai/gpt-4o-mini", { temperature: 0 }), { n: 2 });
 * // { name: "chat gpt-4o-mini", attributes: { "gen_ai.request.model": "gpt-4o-mini", ... } }
 */
export function genAiRequestAttributes(lm: unknown, callKwargs: unknown): { name: string; attributes: Attributes } {
  const model = String((lm as { model?: unknown } | null)?.model ?? "unknown");
  const slash = model.indexOf("/");
  const provider = slash > 0 ? model.slice(0, slash) : "unknown";
  const requestModel = slash > 0 ? model.slice(slash + 1) : model;
  const attributes: Attributes = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": provider,
    "gen_ai.system": provider,
    "gen_ai.request.model": requestModel,
  };
  const defaults = (lm as { kwargs?: unknown } | null)?.kwargs;
  const merged = { ...asRecord(defaults), ...asRecord(callKwargs) };
  for (const [key, attribute] of Object.entries(REQUEST_SETTINGS)) {
    const value = merged[key];
    if (typeof value === "number") attributes[attribute] = value;
  }
  return { name: `chat ${requestModel}`, attributes };
}

/**
 * Token usage of a finished LM call (`gen_ai.usage.input_tokens` / `output_tokens`, summed over
 * its completions) and whether the cache answered it (`dspy.lm.cache_hit`: no usage billed).
 *
 * @example
 * genAiUsageAttributes([{ text: "Paris", usage: { prompt_tokens: 12, completion_tokens: 3 } }]);
 */
export function genAiUsageAttributes(outputs: unknown): Attributes {
  if (!Array.isArray(outputs)) return {};
  let input = 0;
  let output = 0;
  let billed = false;
  let reported = false;
  for (const item of outputs) {
    const raw = (item as { usage?: unknown } | null)?.usage;
    if (raw !== undefined) reported = true;
    const usage = asRecord(raw);
    if (Object.keys(usage).length > 0) billed = true;
    const tokens = tokenCounts(usage);
    input += tokens.input;
    output += tokens.output;
  }
  // LMs that report no usage at all (test doubles, custom BaseLMs) say nothing about the cache.
  const attributes: Attributes = reported ? { "dspy.lm.cache_hit": !billed } : {};
  if (billed) {
    attributes["gen_ai.usage.input_tokens"] = input;
    attributes["gen_ai.usage.output_tokens"] = output;
  }
  return attributes;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
