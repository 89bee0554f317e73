import type { JSONSchema7, OutputInterface, ToolChoice, ToolSet } from "ai";
import { aiSdk } from "./ai-sdk.js";

/** The `generateText` options one DSPy request maps to. */
export interface GenerationSettings {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  stopSequences?: string[];
  seed?: number;
  reasoning?: "provider-default" | "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max";
  output?: OutputInterface<string, string, never>;
  tools?: ToolSet;
  toolChoice?: ToolChoice<ToolSet>;
  headers?: Record<string, string>;
  providerOptions?: Record<string, Record<string, never>>;
}

/** How {@link toGenerationSettings} treats parameters it has no AI SDK option for. */
export interface GenerationSettingsOptions {
  /** `providerOptions` key whose entries the provider copies into the request body (OpenAI-compatible servers). */
  passthroughKey?: string;
  /** Called with each parameter that cannot be sent to this provider. */
  onIgnored?: (name: string) => void;
}

/** DSPy-level keys that control the call itself and never reach the provider. */
const CALL_KEYS = new Set(["n", "rollout_id", "num_retries", "cache", "stream", "api_key", "api_base", "base_url"]);
const REASONING = new Set(["none", "minimal", "low", "medium", "high", "xhigh", "max"]);

/**
 * Maps DSPy's OpenAI-style request parameters onto AI SDK `generateText` options: sampling
 * (`temperature`, `max_tokens`/`max_completion_tokens`, `top_p`, `top_k`, penalties, `seed`,
 * `stop`), `response_format` (json_object / json_schema), `tools` and `tool_choice`,
 * `reasoning_effort`. `null` means "not set", as in DSPy. Other parameters go to the provider
 * verbatim where it allows that, and are reported through `onIgnored` otherwise.
 *
 * @example
 * toGenerationSettings({ temperature: 0.7, max_tokens: 100, stop: "\n\n" });
 * // { temperature: 0.7, maxOutputTokens: 100, stopSequences: ["\n\n"] }
 */
export function toGenerationSettings(
  kwargs: Readonly<Record<string, unknown>>,
  options: GenerationSettingsOptions = {},
): GenerationSettings {
  const settings: GenerationSettings = {};
  const passthrough: Record<string, unknown> = {};
  const providerOptions: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (value === null || value === undefined || CALL_KEYS.has(key)) continue;
    switch (key) {
      case "temperature":
        settings.temperature = Number(value);
        break;
      case "max_tokens":
      case "max_completion_tokens":
        settings.maxOutputTokens = Number(value);
        break;
      case "top_p":
        settings.topP = Number(value);
        break;
      case "top_k":
        settings.topK = Number(value);
        break;
      case "presence_penalty":
        settings.presencePenalty = Number(value);
        break;
      case "frequency_penalty":
        settings.frequencyPenalty = Number(value);
        break;
      case "seed":
        settings.seed = Number(value);
        break;
      case "stop":
        settings.stopSequences = Array.isArray(value) ? value.map(String) : [String(value)];
        break;
      case "reasoning_effort":
        if (REASONING.has(String(value))) settings.reasoning = String(value) as GenerationSettings["reasoning"];
        else options.onIgnored?.(key);
        break;
      case "response_format": {
        const output = jsonTextOutput(value);
        if (output) settings.output = output;
        break;
      }
      case "tools":
        settings.tools = toToolSet(value);
        break;
      case "tool_choice":
        settings.toolChoice = toToolChoice(value);
        break;
      case "headers":
        settings.headers = value as Record<string, string>;
        break;
      case "providerOptions":
        // The AI SDK's own escape hatch, passed as given.
        Object.assign(providerOptions, value as Record<string, Record<string, unknown>>);
        break;
      default:
        if (options.passthroughKey) passthrough[key] = value;
        else options.onIgnored?.(key);
    }
  }
  if (options.passthroughKey && Object.keys(passthrough).length > 0) {
    providerOptions[options.passthroughKey] = { ...passthrough, ...providerOptions[options.passthroughKey] };
  }
  if (Object.keys(providerOptions).length > 0) settings.providerOptions = providerOptions as never;
  return settings;
}

/**
 * An AI SDK output spec that asks for JSON (with the schema of a `json_schema` response format)
 * but hands back the raw text: DSPy's adapters parse and repair the JSON themselves, so a reply
 * that does not match must reach them rather than fail inside the SDK.
 *
 * @example
 * jsonTextOutput({ type: "json_object" })?.name; // "json-text"
 */
export function jsonTextOutput(responseFormat: unknown): OutputInterface<string, string, never> | undefined {
  const format = responseFormat as { type?: string; json_schema?: Record<string, unknown> } | undefined;
  if (format?.type !== "json_object" && format?.type !== "json_schema") return undefined;
  const spec = format.type === "json_schema" ? (format.json_schema ?? {}) : {};
  const schema = spec.schema as JSONSchema7 | undefined;
  const name = typeof spec.name === "string" ? spec.name : undefined;
  const description = typeof spec.description === "string" ? spec.description : undefined;
  return {
    name: "json-text",
    responseFormat: Promise.resolve({
      type: "json",
      ...(schema ? { schema } : {}),
      ...(name ? { name } : {}),
      ...(description ? { description } : {}),
    }),
    parseCompleteOutput: async ({ text }) => text,
    parsePartialOutput: async ({ text }) => ({ partial: text }),
    createElementStreamTransform: () => undefined,
  };
}

interface OpenAITool {
  type?: string;
  function?: { name?: string; description?: string; parameters?: unknown };
}

/** OpenAI `tools` (function definitions) as AI SDK tools without `execute`, so calls come back unexecuted. */
function toToolSet(value: unknown): ToolSet {
  const tools: ToolSet = {};
  for (const entry of (value ?? []) as OpenAITool[]) {
    const definition = entry.function;
    if (!definition?.name) continue;
    const parameters = (definition.parameters ?? { type: "object", properties: {} }) as JSONSchema7;
    const { jsonSchema, tool } = aiSdk();
    tools[definition.name] = tool({
      ...(definition.description ? { description: definition.description } : {}),
      inputSchema: jsonSchema(parameters),
    });
  }
  return tools;
}

function toToolChoice(value: unknown): ToolChoice<ToolSet> | undefined {
  if (value === "auto" || value === "none" || value === "required") return value;
  const named = value as { function?: { name?: string } } | undefined;
  return named?.function?.name ? { type: "tool", toolName: named.function.name } : undefined;
}
