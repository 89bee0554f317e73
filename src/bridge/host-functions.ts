import type { PyRef } from "./py-ref.js";
import { decodeValue, encodeValue } from "./wire.js";
import type { WireCallbackReply, WireCallbackRequest } from "./worker-client.js";

/**
 * A host function as Python calls it: positional and keyword arguments in (values as values,
 * dspy.Example/Prediction as plain objects of their fields, other objects as refs, bytes as
 * `Uint8Array`), a JSON-able value (or bytes, or refs of the same session) out.
 */
export type HostHandler = (args: unknown[], kwargs: Record<string, unknown>) => unknown;

/** A message in the OpenAI chat format, as DSPy's adapters build it. */
export interface HostLMMessage {
  role: string;
  content: unknown;
}

/** What a TypeScript LM receives from Python DSPy: the messages and DSPy's call kwargs. */
export interface HostLMRequest {
  messages: HostLMMessage[];
  kwargs: Record<string, unknown>;
}

/** A TypeScript LM for Python DSPy: returns the completion text (or one text per choice). */
export type HostLMFunction = (request: HostLMRequest) => string | string[] | Promise<string | string[]>;

/** A TypeScript tool for Python DSPy (e.g. `dspy.ReAct`): described by a JSON schema per argument. */
export interface HostToolSpec {
  name: string;
  description: string;
  /** JSON schema per argument, e.g. `{ query: { type: "string" } }`. */
  args: Record<string, Record<string, unknown>>;
  /** Receives the arguments by name. */
  fn: (args: Record<string, unknown>) => unknown;
}

/**
 * Runs the host function a CallbackRequest names and builds the reply: the value encoded like
 * call arguments, or the error's name, message and stack (raised in Python as
 * `HostCallbackError`). Never throws: Python is blocked waiting for this reply.
 *
 * @example
 * const reply = await runHostFunction(request, handlers.get(request.name), session.id, register);
 */
export async function runHostFunction(
  request: WireCallbackRequest,
  handler: HostHandler | undefined,
  session: string,
  onRef: (ref: PyRef) => void,
): Promise<WireCallbackReply> {
  const id = request.id;
  try {
    if (!handler) throw new Error(`no host function '${request.name}' in session ${session}`);
    const args = decodeValue({ json: request.args_json || "[]", blobs: request.blobs }, session, onRef) as unknown[];
    const kwargs = decodeValue({ json: request.kwargs_json || "{}", blobs: request.blobs }, session, onRef) as Record<
      string,
      unknown
    >;
    const value = await handler(args, kwargs);
    const encoded = encodeValue(value === undefined ? null : value, session);
    return { id, value_json: encoded.json, blobs: encoded.blobs };
  } catch (error) {
    const described =
      error instanceof Error
        ? `${error.name}: ${error.message}\n${error.stack ?? ""}`
        : `host function threw ${String(error)}`;
    return { id, error: described };
  }
}
