/**
 * The scripted LM of the oracle contract (shared/oracle/CASES.md): answers with the first
 * `answers` entry whose `when` occurs in the last user message (else `default`), rendered in
 * ChatAdapter form for the requested output fields; records every request.
 */
import type { BaseLM, LMOutput } from "../../src/lm/base-lm.js";
import type { Message } from "../../src/lm/message.js";

/** The `lm` object of a predict / fewshot / evaluate case. */
export interface ScriptSpec {
  answers?: { when: string; fields: Record<string, unknown> }[];
  default?: Record<string, unknown>;
}

/** One recorded request: exactly what the module sent. */
export interface RecordedRequest {
  messages: Message[];
  kwargs: Record<string, unknown>;
}

/**
 * A BaseLM answering from a script, as run_py.py's `ScriptedLM` does.
 *
 * @example
 * const lm = new ScriptedLM({ default: { answer: "4" } }, () => ["answer"]);
 */
export class ScriptedLM implements BaseLM {
  readonly model = "oracle/scripted";
  readonly kwargs: Readonly<Record<string, unknown>> = { temperature: null, max_tokens: null };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  readonly requests: RecordedRequest[] = [];

  constructor(
    private readonly spec: ScriptSpec,
    private readonly outputFields: () => string[],
  ) {}

  async call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.requests.push(JSON.parse(JSON.stringify({ messages, kwargs })) as RecordedRequest);
    const lastUser = [...messages].reverse().find((message) => message.role === "user");
    const text = textOf(lastUser?.content ?? "");
    const fields =
      (this.spec.answers ?? []).find((entry) => text.includes(entry.when ?? ""))?.fields ?? this.spec.default ?? {};
    const body = this.outputFields()
      .map((name) => `[[ ## ${name} ## ]]\n${Object.hasOwn(fields, name) ? render(fields[name]) : "N/A"}\n\n`)
      .join("");
    const n = typeof kwargs.n === "number" && kwargs.n > 0 ? kwargs.n : 1;
    return Array.from({ length: n }, () => ({ text: `${body}[[ ## completed ## ]]` }));
  }
}

function render(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function textOf(content: Message["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((block) => (block.type === "text" ? String(block.text ?? "") : "")).join("");
}
