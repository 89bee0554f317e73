import { Signature } from "../signatures/signature.js";
import { validateValue } from "../signatures/validate-value.js";
import { isPlainObject } from "../utils/plain-object.js";
import { pyJsonDumps } from "../utils/python-repr.js";
import type { Adapter } from "./adapter.js";
import type { Demo, Message } from "./message.js";
import { serializeForJson } from "./serialize-for-json.js";

interface ToolCall {
  id?: string | null;
  name: string;
  args: Record<string, unknown>;
}

interface ToolCallResult {
  call_id: string | null;
  name: string;
  value: unknown;
  is_error: boolean;
}

/** DSPy's `_TOOL_CALL_RESULTS_SIGNATURE`: how tool results are shown when the LM wrote the calls as text. */
const TOOL_CALL_RESULTS_SIGNATURE = new Signature("tool_call_results: dict -> _unused").delete("_unused");

/**
 * The assistant side of one conversation-history turn, as DSPy 3.4.1's
 * `format_conversation_history` writes it. A turn holding a `ToolCalls` value with
 * `tool_call_results` becomes, under native function calling, an assistant message with
 * OpenAI `tool_calls` followed by one `tool` message per result (results whose call ids do not
 * match the calls are dropped); without native calling, the calls stay in the assistant text and
 * the results follow as a `tool_call_results` user message. Other turns are one assistant
 * message.
 *
 * @example
 * assistantTurn(adapter, signature, { question: "Weather?", tool_calls: { tool_calls: [call], tool_call_results: [result] } });
 */
export function assistantTurn(adapter: Adapter, signature: Signature, turn: Demo): Message[] {
  const found = toolCallsInTurn(turn);
  let results = found?.results;
  if (found && adapter.useNativeFunctionCalling) {
    let contentSignature = signature;
    for (const field of signature.outputFields) {
      const isToolCalls = field.type.kind === "special" && field.type.name === "ToolCalls";
      if (isToolCalls || turn[field.name] === null || turn[field.name] === undefined) {
        contentSignature = contentSignature.delete(field.name);
      }
    }
    const content =
      contentSignature.outputFields.length > 0 ? adapter.formatAssistantMessageContent(contentSignature, turn) : "";
    if (results !== undefined) {
      const ids = found.calls.map((call) => call.id ?? null);
      const resultIds = results.map((result) => result.call_id);
      const same = ids.length === resultIds.length && ids.every((id, index) => id === resultIds[index]);
      if (!same || !ids.every((id) => Boolean(id))) results = undefined;
    }
    const messages: Message[] = [];
    if (content || results !== undefined) {
      const message: Message = { role: "assistant", content: content || null };
      if (results !== undefined) message.tool_calls = found.calls.map(openAIToolCall);
      messages.push(message);
    }
    for (const result of results ?? []) {
      messages.push({
        role: "tool",
        tool_call_id: result.call_id as string,
        name: result.name,
        content: typeof result.value === "string" ? result.value : pyJsonDumps(serializeForJson(result.value)),
      });
    }
    return messages;
  }
  let values = turn;
  // The calls without their results, as a `ToolCalls` serialises: `name` and `args` only.
  if (found && results !== undefined) {
    values = { ...turn, [found.field]: { tool_calls: found.calls.map(({ name, args }) => ({ name, args })) } };
  }
  const messages: Message[] = [];
  const assistant = adapter.formatAssistantMessageContent(signature, values);
  if (assistant) messages.push({ role: "assistant", content: assistant });
  if (results !== undefined) {
    const content = adapter.formatUserMessageContent(TOOL_CALL_RESULTS_SIGNATURE, {
      tool_call_results: { tool_call_results: results },
    });
    messages.push({ role: "user", content });
  }
  return messages;
}

/** DSPy's `_tool_calls_from_message`: the first value that is a `ToolCalls` (a dict with `tool_calls`). */
function toolCallsInTurn(turn: Demo): { field: string; calls: ToolCall[]; results?: ToolCallResult[] } | undefined {
  for (const [field, value] of Object.entries(turn)) {
    if (!isPlainObject(value) || !Object.hasOwn(value, "tool_calls")) continue;
    const normalized = validateValue({ kind: "special", name: "ToolCalls" }, { tool_calls: value.tool_calls }) as {
      tool_calls: ToolCall[];
    };
    const raw = value.tool_call_results;
    if (raw === undefined || raw === null) return { field, calls: normalized.tool_calls };
    const list = (Array.isArray(raw) ? raw : isPlainObject(raw) ? (raw.tool_call_results ?? [raw]) : []) as Record<
      string,
      unknown
    >[];
    const results = list.map((result) => ({
      call_id: (result.call_id ?? null) as string | null,
      name: String(result.name),
      value: result.value,
      is_error: Boolean(result.is_error ?? false),
    }));
    return { field, calls: normalized.tool_calls, results };
  }
  return undefined;
}

/** DSPy's `_tool_call_as_openai_message_tool_call`. */
function openAIToolCall(call: ToolCall) {
  return {
    id: call.id ?? null,
    type: "function",
    function: { name: call.name, arguments: pyJsonDumps(serializeForJson(call.args)) },
  };
}
