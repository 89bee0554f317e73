import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { LanguageModelUsage, ModelMessage } from "ai";
import type { GenerationSettings } from "./generation-settings.js";
import type { LanguageModelObject } from "./resolve-model.js";

/** The part of a `generateText` result that {@link generateOnce} reads. */
export interface GeneratedText {
  text: string;
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
  reasoningText: string | undefined;
  usage: LanguageModelUsage;
  response: { modelId: string };
  finishReason: string;
  output?: unknown;
}

// `generateText` sends this user-agent suffix; a direct call sends the same.
const USER_AGENT = "ai/7.0.173";

/**
 * One provider request made straight through the model's `doGenerate` (the AI SDK's
 * LanguageModelV4 interface), for the common case `generateText` adds nothing to: a V4 model,
 * text-only messages, no tools and no structured output. `generateText` would send the same
 * request, but spends ~70 µs per call on telemetry channels, step bookkeeping and prompt
 * cloning. Returns `undefined` when the request needs `generateText` (files, tool turns, tools,
 * JSON output, settings it would reject — so its errors stay its own).
 *
 * @example
 * const result = directGenerate(languageModel, messages, settings, signal) ?? (await generateText(...));
 */
export function directGenerate(
  model: LanguageModelObject,
  messages: readonly ModelMessage[],
  settings: GenerationSettings,
  signal: AbortSignal | undefined,
): Promise<GeneratedText> | undefined {
  if (typeof model !== "object" || model.specificationVersion !== "v4") return undefined;
  if (settings.tools || settings.toolChoice || settings.output) return undefined;
  const { maxOutputTokens, seed } = settings;
  if (maxOutputTokens !== undefined && !(Number.isInteger(maxOutputTokens) && maxOutputTokens >= 1)) return undefined;
  if (seed !== undefined && !Number.isInteger(seed)) return undefined;
  const prompt = toTextPrompt(messages);
  if (!prompt) return undefined;
  const options: LanguageModelV4CallOptions = {
    maxOutputTokens,
    temperature: settings.temperature,
    topP: settings.topP,
    topK: settings.topK,
    presencePenalty: settings.presencePenalty,
    frequencyPenalty: settings.frequencyPenalty,
    stopSequences: settings.stopSequences,
    seed,
    reasoning: settings.reasoning,
    toolChoice: { type: "auto" },
    prompt,
    providerOptions: settings.providerOptions,
    abortSignal: signal,
    headers: withUserAgent(settings.headers),
  };
  return run(model, options);
}

async function run(model: LanguageModelV4, options: LanguageModelV4CallOptions): Promise<GeneratedText> {
  const result = await model.doGenerate(options);
  if (result.warnings.length > 0) reportWarnings(model, result.warnings);
  let text = "";
  let reasoning = "";
  const toolCalls: GeneratedText["toolCalls"] = [];
  for (const part of result.content) {
    if (part.type === "text") text += part.text;
    else if (part.type === "reasoning") reasoning += part.text;
    else if (part.type === "tool-call") {
      toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: parseInput(part.input) });
    }
  }
  const { inputTokens, outputTokens } = result.usage;
  return {
    text,
    toolCalls,
    reasoningText: reasoning || undefined,
    usage: {
      inputTokens: inputTokens.total,
      inputTokenDetails: {
        noCacheTokens: inputTokens.noCache,
        cacheReadTokens: inputTokens.cacheRead,
        cacheWriteTokens: inputTokens.cacheWrite,
      },
      outputTokens: outputTokens.total,
      outputTokenDetails: { textTokens: outputTokens.text, reasoningTokens: outputTokens.reasoning },
      totalTokens:
        inputTokens.total === undefined && outputTokens.total === undefined
          ? undefined
          : (inputTokens.total ?? 0) + (outputTokens.total ?? 0),
      raw: result.usage.raw,
    },
    response: { modelId: result.response?.modelId ?? model.modelId },
    finishReason: result.finishReason.unified,
  };
}

/** `convertToLanguageModelPrompt` for messages whose content is plain text; `undefined` otherwise. */
function toTextPrompt(messages: readonly ModelMessage[]): LanguageModelV4Prompt | undefined {
  const prompt: LanguageModelV4Prompt = [];
  for (const message of messages) {
    if (typeof message.content !== "string") return undefined;
    if (message.role === "system") prompt.push({ role: "system", content: message.content });
    else if (message.role === "user" || message.role === "assistant") {
      prompt.push({ role: message.role, content: [{ type: "text", text: message.content }] });
    } else return undefined;
  }
  return prompt;
}

/** `withUserAgentSuffix`: lower-cased header names, the SDK's suffix appended to any user agent. */
function withUserAgent(headers: Record<string, string> | undefined): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) normalized[name.toLowerCase()] = value;
  }
  normalized["user-agent"] = normalized["user-agent"] ? `${normalized["user-agent"]} ${USER_AGENT}` : USER_AGENT;
  return normalized;
}

/** As `generateText` reports provider warnings: off when `AI_SDK_LOG_WARNINGS` is false, to it when it is a function. */
function reportWarnings(model: LanguageModelV4, warnings: readonly SharedV4Warning[]): void {
  const logger = (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS;
  if (logger === false) return;
  if (typeof logger === "function") {
    logger({ warnings, provider: model.provider, model: model.modelId });
    return;
  }
  for (const warning of warnings) {
    const detail =
      warning.type === "unsupported" || warning.type === "compatibility"
        ? `The feature "${warning.feature}" ${warning.type === "unsupported" ? "is not supported" : "is used in a compatibility mode"}.${warning.details ? ` ${warning.details}` : ""}`
        : "message" in warning
          ? warning.message
          : JSON.stringify(warning);
    process.emitWarning(`AI SDK Warning (${model.provider} / ${model.modelId}): ${detail}`, { type: "Warning" });
  }
}

function parseInput(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}
