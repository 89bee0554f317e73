import { AdapterParseError } from "../errors/adapter-parse-error.js";
import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import { History } from "../primitives/history.js";
import type { Field } from "../signatures/field.js";
import type { Signature } from "../signatures/signature.js";
import { type BaseCallback, withCallbacks } from "../utils/callback.js";
import { applyOutputFieldDefaults } from "./apply-output-field-defaults.js";
import { memoizedDemoMessages } from "./demo-memo.js";
import { expandCustomTypeMarkers } from "./expand-custom-type-markers.js";
import type { Demo, Message } from "./message.js";
import {
  type NativeFunctionCallingOptions,
  prepareNativeFunctionCalling,
  toolCallsOutputField,
  toToolCalls,
} from "./native-function-calling.js";
import { assistantTurn } from "./tool-call-history.js";

const INCOMPLETE_DEMO_PREFIX = "This is an example of the task, though some input or output fields are not supplied.";

/** Options for {@link Adapter.formatUserMessageContent}. */
export interface UserContentOptions {
  prefix?: string;
  suffix?: string;
  /** Whether this is the final request, which carries the output-format reminder. */
  mainRequest?: boolean;
}

/**
 * DSPy's `Adapter`: turns a signature, demos and inputs into chat messages, and an LM's text
 * back into output fields. Subclasses decide the text layout; the message order (system, demos,
 * history, request) and demo handling are shared.
 *
 * @example
 * const messages = new ChatAdapter().format(sig, demos, { question: "2+2?" });
 */
export abstract class Adapter {
  /** The name used in error messages, e.g. `"ChatAdapter"`. */
  abstract readonly name: string;
  /** Callbacks for this adapter's format and parse steps, run after the global ones (DSPy's `callbacks=`). */
  callbacks: BaseCallback[] = [];
  /** Use the LM's native function calling for `list[Tool]` → `ToolCalls` signatures (DSPy's `use_native_function_calling`). */
  useNativeFunctionCalling = false;
  /** Ask for (or against) parallel tool calls under native calling; unset leaves the provider default. */
  parallelToolCalls: boolean | undefined = undefined;

  /** Field list section of the system message. */
  abstract formatFieldDescription(signature: Signature): string;
  /** Interaction-structure section of the system message. */
  abstract formatFieldStructure(signature: Signature): string;
  /** Objective section of the system message. */
  abstract formatTaskDescription(signature: Signature): string;
  /** A user turn holding the given inputs. */
  abstract formatUserMessageContent(signature: Signature, inputs: Demo, options?: UserContentOptions): string;
  /** An assistant turn holding the given outputs; `missing` fills absent ones. */
  abstract formatAssistantMessageContent(signature: Signature, outputs: Demo, missing?: string): string;
  /** Parses LM text into output values, or throws `AdapterParseError`. */
  abstract parse(signature: Signature, completion: string): Record<string, unknown>;

  /**
   * One LM call through this adapter: format, call, parse every completion. Returns one record
   * of output values per completion (`logprobs` added when the LM returned them). Formatting
   * and each parse fire the `onAdapterFormat*` and `onAdapterParse*` callbacks. Under native
   * function calling the tools go to the LM as `tools` and its tool calls come back as the
   * `ToolCalls` output (see {@link prepareNativeFunctionCalling}).
   *
   * @example
   * const [outputs] = await new ChatAdapter().call(lm, {}, sig, [], { question: "2+2?" });
   */
  async call(
    lm: BaseLM,
    lmKwargs: Record<string, unknown>,
    signature: Signature,
    demos: readonly Demo[],
    inputs: Demo,
    options: LMCallOptions = {},
  ): Promise<Record<string, unknown>[]> {
    const kwargs = { ...lmKwargs };
    const processed = prepareNativeFunctionCalling(this, lm, kwargs, signature, inputs);
    const messages = withCallbacks(
      "adapterFormat",
      this,
      { signature: processed, demos, inputs },
      () => this.format(processed, demos, inputs),
      "format",
    );
    if ((kwargs.parallel_tool_calls ?? null) !== null && !Object.hasOwn(kwargs, "tool_choice")) {
      kwargs.tool_choice = "auto";
    }
    const outputs = await lm.call(messages, kwargs, options);
    return outputs.map((output) => this.parseOutput(processed, output, signature));
  }

  /**
   * Parses one completion of a call (DSPy's `_call_postprocess`), rejecting empty ones as DSPy
   * does. `original` is the signature before native function calling removed its tool fields;
   * the LM's tool calls fill its `ToolCalls` output.
   */
  protected parseOutput(
    signature: Signature,
    output: LMOutput,
    original: Signature = signature,
  ): Record<string, unknown> {
    const toolCallsField = toolCallsOutputField(original);
    const toolCalls = toolCallsField && output.toolCalls?.length ? output.toolCalls : undefined;
    let parsed: Record<string, unknown>;
    if (output.text && !toolCalls) {
      parsed = this.parseText(signature, output.text);
    } else if (toolCalls) {
      try {
        parsed = output.text && signature.outputFields.length > 0 ? this.parseText(signature, output.text) : {};
      } catch (error) {
        if (!(error instanceof AdapterParseError)) throw error;
        parsed = {};
      }
    } else {
      throw new AdapterParseError({
        adapterName: this.name,
        expectedFields: original.outputFields.map((field) => field.name),
        lmResponse: JSON.stringify(output),
        detail: "The LM returned an empty or null response.",
      });
    }
    const value = applyOutputFieldDefaults(original.outputFields, parsed);
    for (const field of original.outputFields) if (!Object.hasOwn(value, field.name)) value[field.name] = null;
    if (toolCallsField && toolCalls) value[toolCallsField.name] = toToolCalls(toolCalls);
    if (output.logprobs) value.logprobs = output.logprobs;
    return value;
  }

  // Not a #private method: adapters are also used through Object.create views (see withoutJsonFallback).
  private parseText(signature: Signature, completion: string): Record<string, unknown> {
    return withCallbacks(
      "adapterParse",
      this,
      { signature, completion },
      () => this.parse(signature, completion),
      "parse",
    );
  }

  /** Sets the native function-calling options (for subclass constructors). */
  protected setNativeFunctionCalling(options: NativeFunctionCallingOptions): void {
    if (options.useNativeFunctionCalling !== undefined)
      this.useNativeFunctionCalling = options.useNativeFunctionCalling;
    if (options.parallelToolCalls !== undefined) this.parallelToolCalls = options.parallelToolCalls;
  }

  /**
   * The full message list for one LM call: system, demos (incomplete ones first), history
   * turns, then the request.
   *
   * @example
   * adapter.format(new Signature("question -> answer"), [], { question: "Why?" });
   */
  format(signature: Signature, demos: readonly Demo[], inputs: Demo): Message[] {
    const historyField = signature.inputFields.find((field) => isHistory(field));
    const messages: Message[] = [{ role: "system", content: this.formatSystemMessage(signature) }];
    messages.push(
      ...memoizedDemoMessages(formattingKey(this, DEMO_MESSAGE_PARTS), signature, demos, () =>
        this.formatDemos(signature, demos),
      ),
    );
    let requestSignature = signature;
    const requestInputs = { ...inputs };
    if (historyField) {
      requestSignature = signature.delete(historyField.name);
      messages.push(...this.formatConversationHistory(requestSignature, requestInputs[historyField.name]));
      delete requestInputs[historyField.name];
    }
    const content = this.formatUserMessageContent(requestSignature, requestInputs, { mainRequest: true });
    if (content) messages.push({ role: "user", content });
    return messages.map(expandCustomTypeMarkers);
  }

  /**
   * The system message: field list, structure, objective, one per line. It depends only on the
   * adapter's class and the (immutable) signature, so it is built once per pair.
   */
  formatSystemMessage(signature: Signature): string {
    const key = formattingKey(this, SYSTEM_MESSAGE_PARTS);
    const memo = key ? SYSTEM_MESSAGES.get(signature) : undefined;
    const known = key ? memo?.get(key) : undefined;
    if (known !== undefined) return known;
    const message = `${this.formatFieldDescription(signature)}\n${this.formatFieldStructure(signature)}\n${this.formatTaskDescription(signature)}`;
    if (key) {
      if (memo) memo.set(key, message);
      else SYSTEM_MESSAGES.set(signature, new Map([[key, message]]));
    }
    return message;
  }

  /**
   * Demo turns. A demo with every field set is complete; one with at least one input key and
   * one output key is kept as incomplete (and goes first); any other demo is dropped.
   */
  formatDemos(signature: Signature, demos: readonly Demo[]): Message[] {
    const complete: Demo[] = [];
    const incomplete: Demo[] = [];
    for (const demo of demos) {
      const has = (field: Field) => Object.hasOwn(demo, field.name);
      if (
        signature.fields.every((field) => has(field) && demo[field.name] !== null && demo[field.name] !== undefined)
      ) {
        complete.push(demo);
      } else if (signature.inputFields.some(has) && signature.outputFields.some(has)) {
        incomplete.push(demo);
      }
    }
    const messages: Message[] = [];
    for (const demo of incomplete) {
      messages.push({
        role: "user",
        content: this.formatUserMessageContent(signature, demo, { prefix: INCOMPLETE_DEMO_PREFIX }),
      });
      messages.push({
        role: "assistant",
        content: this.formatAssistantMessageContent(signature, demo, "Not supplied for this particular example. "),
      });
    }
    for (const demo of complete) {
      messages.push({ role: "user", content: this.formatUserMessageContent(signature, demo) });
      messages.push({
        role: "assistant",
        content: this.formatAssistantMessageContent(
          signature,
          demo,
          "Not supplied for this conversation history message. ",
        ),
      });
    }
    return messages;
  }

  /**
   * Earlier conversation turns from a `History` input, formatted against the signature without
   * the history field. A turn that carries inputs repeats the output-format reminder, as DSPy
   * 3.4 does to keep provider prompt caches warm.
   */
  formatConversationHistory(signature: Signature, history: unknown): Message[] {
    if (history === undefined || history === null) return [];
    const turns = history instanceof History ? history.messages : ((history as { messages?: Demo[] }).messages ?? []);
    const messages: Message[] = [];
    for (const turn of turns) {
      const mainRequest = signature.inputFields.some((field) => Object.hasOwn(turn, field.name));
      const user = this.formatUserMessageContent(signature, turn, { mainRequest });
      if (user) messages.push({ role: "user", content: user });
      messages.push(...assistantTurn(this, signature, turn));
    }
    return messages;
  }
}

function isHistory(field: Field): boolean {
  return field.type.kind === "special" && field.type.name === "History";
}

/** System messages by signature, then by adapter class. */
const SYSTEM_MESSAGES = new WeakMap<Signature, Map<object, string>>();
/** The methods a system message is built from; an adapter that replaces one on itself is not memoised. */
const SYSTEM_MESSAGE_PARTS = [
  "formatSystemMessage",
  "formatFieldDescription",
  "formatFieldStructure",
  "formatTaskDescription",
  "formatFieldsWithValues",
  "formatFieldWithValue",
];

/** The methods demo messages are built from; an adapter that replaces one on itself is not memoised. */
const DEMO_MESSAGE_PARTS = [
  "format",
  "formatDemos",
  "formatUserMessageContent",
  "formatAssistantMessageContent",
  "formatFieldsWithValues",
  "formatFieldWithValue",
];

/** The adapter's class, when the given formatting is the class's alone (no per-object overrides). */
function formattingKey(adapter: Adapter, parts: readonly string[]): object | undefined {
  const cls = adapter.constructor;
  if (Object.getPrototypeOf(adapter) !== cls.prototype) return undefined;
  for (const name of parts) if (Object.hasOwn(adapter, name)) return undefined;
  return cls;
}
