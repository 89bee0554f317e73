import type { Adapter } from "../adapters/adapter.js";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { ChatLayout } from "../adapters/chat-layout.js";
import { JSONAdapter } from "../adapters/json-adapter.js";
import { serializeForJson } from "../adapters/serialize-for-json.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { makeField, OutputField } from "../signatures/field.js";
import { withCallbacks } from "../utils/callback.js";
import { pyJsonDumps } from "../utils/python-repr.js";

/** Options for {@link DummyLM}. */
export interface DummyLMOptions {
  /** Answer with the outputs of the demo whose input matches the request (DSPy's `follow_examples`). */
  followExamples?: boolean;
  /** The adapter whose output format the answers mimic (default ChatAdapter). */
  adapter?: Adapter;
  /** The model name it reports (default "dummy"), e.g. to tell a teacher from a student. */
  model?: string;
}

/** One call DummyLM received. */
export interface DummyCall {
  messages: Message[];
  kwargs: Record<string, unknown>;
  outputs: string[];
}

/**
 * DSPy's `DummyLM` for tests: scripted answers, no network.
 * - a list of answers is consumed in order, one per completion;
 * - a record maps a substring of the last message to an answer (keyed by content, not order).
 *
 * @example
 * const lm = new DummyLM({ "capital of France": { answer: "Paris" } });
 * await context({ lm }, () => new Predict("question -> answer").call({ question: "The capital of France?" }));
 */
export class DummyLM implements BaseLM {
  readonly model: string;
  readonly kwargs: Readonly<Record<string, unknown>> = { temperature: 0, max_tokens: 1000 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  /** Every call, in order. */
  readonly history: DummyCall[] = [];
  readonly #answers: Record<string, unknown>[] | Record<string, Record<string, unknown>>;
  readonly #options: DummyLMOptions;
  #next = 0;

  constructor(
    answers: Record<string, unknown>[] | Record<string, Record<string, unknown>>,
    options: DummyLMOptions = {},
  ) {
    this.#answers = answers;
    this.#options = options;
    this.model = options.model ?? "dummy";
  }

  /**
   * Answers every completion from the script. Fires the `onLmStart`/`onLmEnd` callbacks as
   * DSPy's `BaseLM.__call__` does, so tests of callbacks, tracing and job `lm-call` events see
   * DummyLM calls like real ones.
   *
   * @example
   * await new DummyLM([{ answer: "Paris" }]).call([{ role: "user", content: "Capital of France?" }], {});
   */
  call(messages: Message[], kwargs: Record<string, unknown> = {}): Promise<LMOutput[]> {
    return withCallbacks(
      "lm",
      this,
      { prompt: null, messages, kwargs },
      () => this.#call(messages, kwargs),
      "__call__",
    );
  }

  async #call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    const count = typeof kwargs.n === "number" && kwargs.n > 0 ? kwargs.n : 1;
    const outputs = Array.from({ length: count }, () => this.#answer(messages));
    this.history.push({ messages, kwargs, outputs });
    return outputs.map((text) => ({ text }));
  }

  #answer(messages: Message[]): string {
    if (this.#options.followExamples) return followExample(messages) ?? "";
    if (Array.isArray(this.#answers)) {
      return this.#format(this.#answers[this.#next++] ?? { answer: "No more responses" });
    }
    const last = textOf(messages.at(-1));
    const entry = Object.entries(this.#answers).find(([key]) => last.includes(key));
    return entry ? this.#format(entry[1]) : "No more responses";
  }

  #format(values: Record<string, unknown>): string {
    const adapter = this.#options.adapter ?? new ChatAdapter();
    if (adapter instanceof JSONAdapter) return pyJsonDumps(serializeForJson(values), { indent: 2 });
    if (!(adapter instanceof ChatLayout)) throw new Error("DummyLM needs a Chat, JSON or XML adapter");
    // DSPy formats answers with untyped output fields, so lists and dicts come out as JSON.
    return adapter.formatFieldsWithValues(
      Object.entries(values).map(([name, value]) => [makeField(name, OutputField(), { kind: "any" }), value]),
    );
  }
}

function textOf(message: Message | undefined): string {
  const content = message?.content;
  if (typeof content === "string") return content;
  return (content ?? []).map((block) => (block.type === "text" ? String(block.text) : "")).join("");
}

const HEADER = /^\[\[ ## [\p{L}\p{N}_]+ ## \]\]/u;

// DSPy's `_use_example`: headers that appear fewer times than the most frequent ones are the
// outputs; answer with the demo turn whose input contains the final request's first section.
function followExample(messages: Message[]): string | undefined {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const match = HEADER.exec(textOf(message));
    if (match) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  const max = Math.max(0, ...counts.values());
  const outputs = [...counts].filter(([, count]) => count !== max).map(([header]) => header);
  const finalInput = textOf(messages.at(-1)).split("\n\n")[0] ?? "";
  for (let index = messages.length - 1; index >= 1; index--) {
    const input = textOf(messages[index - 1]);
    const output = textOf(messages[index]);
    if (outputs.some((header) => output.includes(header)) && input.includes(finalInput)) return output;
  }
  return undefined;
}
