/**
 * Bodies the scripted OpenAI-compatible server sends: chat completions, their SSE chunks, and
 * OpenAI-shaped errors. Kept apart from the HTTP plumbing so the wire format is easy to check.
 */

/** One tool call a scripted reply makes. */
export interface ScriptedToolCall {
  name: string;
  arguments: unknown;
}

/** Everything needed to answer one chat-completions request. */
export interface CompletionSpec {
  model: string;
  /** One text per choice (`n` choices). */
  texts: string[];
  toolCalls?: ScriptedToolCall[];
  finishReason?: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  /** Sequence number, for stable ids. */
  serial: number;
}

/** A fixed creation time keeps recorded responses reproducible. */
const CREATED = 1_700_000_000;

/**
 * A `chat.completion` object as OpenAI returns it.
 *
 * @example
 * completionBody({ model: "m", texts: ["hi"], usage, serial: 1 }).choices[0].message.content; // "hi"
 */
export function completionBody(spec: CompletionSpec) {
  return {
    id: `chatcmpl-scripted-${spec.serial}`,
    object: "chat.completion",
    created: CREATED,
    model: spec.model,
    choices: spec.texts.map((text, index) => ({
      index,
      message: {
        role: "assistant",
        content: spec.toolCalls?.length && !text ? null : text,
        ...(spec.toolCalls?.length ? { tool_calls: toolCallsWire(spec.toolCalls) } : {}),
      },
      logprobs: null,
      finish_reason: spec.finishReason ?? (spec.toolCalls?.length ? "tool_calls" : "stop"),
    })),
    usage: spec.usage,
    system_fingerprint: null,
  };
}

/**
 * A `text_completion` object as OpenAI's (legacy) completions API returns it.
 *
 * @example
 * textCompletionBody({ model: "m", texts: ["hi"], usage, serial: 1 }).choices[0].text; // "hi"
 */
export function textCompletionBody(spec: CompletionSpec) {
  return {
    id: `cmpl-scripted-${spec.serial}`,
    object: "text_completion",
    created: CREATED,
    model: spec.model,
    choices: spec.texts.map((text, index) => ({
      index,
      text,
      logprobs: null,
      finish_reason: spec.finishReason ?? "stop",
    })),
    usage: spec.usage,
  };
}

/**
 * The `data:` events of a streamed completion: a role chunk, one chunk per piece of each choice
 * (per word unless `split` cuts the text otherwise), a finish chunk per choice, a usage chunk
 * when asked for, then `[DONE]`.
 *
 * @example
 * completionEvents(spec, true).at(-1); // "data: [DONE]\n\n"
 */
export function completionEvents(
  spec: CompletionSpec,
  includeUsage: boolean,
  split: (text: string) => string[] = (text) => text.match(/\S+\s*|\s+/g) ?? [],
): string[] {
  const base = {
    id: `chatcmpl-scripted-${spec.serial}`,
    object: "chat.completion.chunk",
    created: CREATED,
    model: spec.model,
  };
  const events: string[] = [];
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    events.push(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  spec.texts.forEach((text, index) => {
    send([{ index, delta: { role: "assistant", content: "" }, finish_reason: null }]);
    for (const piece of split(text)) send([{ index, delta: { content: piece }, finish_reason: null }]);
    if (spec.toolCalls?.length) {
      const calls = toolCallsWire(spec.toolCalls).map((call, position) => ({ index: position, ...call }));
      send([{ index, delta: { tool_calls: calls }, finish_reason: null }]);
    }
    const finish = spec.finishReason ?? (spec.toolCalls?.length ? "tool_calls" : "stop");
    send([{ index, delta: {}, finish_reason: finish }]);
  });
  if (includeUsage) send([], { usage: spec.usage });
  events.push("data: [DONE]\n\n");
  return events;
}

/**
 * OpenAI's error envelope.
 *
 * @example
 * errorBody("Rate limit reached", "rate_limit_exceeded", "requests"); // { error: { message, type, code, param } }
 */
export function errorBody(message: string, code: string | null, type: string) {
  return { error: { message, type, param: null, code } };
}

/** Rough but deterministic token count: whitespace-separated words. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function toolCallsWire(calls: ScriptedToolCall[]) {
  return calls.map((call, index) => ({
    id: `call_${index}`,
    type: "function",
    function: {
      name: call.name,
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
}
