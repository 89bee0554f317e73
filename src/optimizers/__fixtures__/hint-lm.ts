import type { BaseLM, LMOutput } from "../../lm/base-lm.js";
import type { Message } from "../../lm/message.js";
import { Example } from "../../primitives/example.js";

/** The rule the scripted prompt model writes, and what makes {@link HintLM} answer right. */
export const HINT = "HINT: add the two numbers and answer with digits only.";

/** Options for {@link HintLM}. */
export interface HintLMOptions {
  /** Model name (default "hint-task"). */
  model?: string;
  /** Whether the hint or demos help (default true); without, only even rollout ids answer right. */
  hintWorks?: boolean;
  /** Milliseconds each answer takes (default 0), so a test can kill a run midway. */
  delayMs?: number;
}

const text = (message: Message | undefined) => (typeof message?.content === "string" ? message.content : "");

/**
 * A scripted task LM for optimizer tests, deterministic and keyed on content: it answers
 * "What is a + b?" with the sum when the system prompt carries {@link HINT}, when the prompt has
 * demos, or when the request's rollout id is even (so sampled trajectories disagree); otherwise
 * it answers "unsure". A predictor whose first output is `draft` gets a fixed draft. Every
 * request is recorded.
 *
 * @example
 * const lm = new HintLM();
 * await context({ lm }, () => new Predict("question -> answer").call({ question: "What is 2 + 3?" }));
 */
export class HintLM implements BaseLM {
  readonly model: string;
  readonly kwargs = { temperature: 0.0, max_tokens: 1000 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  readonly calls: { messages: Message[]; kwargs: Record<string, unknown> }[] = [];
  readonly #hintWorks: boolean;
  readonly #delayMs: number;

  constructor(options: HintLMOptions = {}) {
    this.model = options.model ?? "hint-task";
    this.#hintWorks = options.hintWorks ?? true;
    this.#delayMs = options.delayMs ?? 0;
  }

  async call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.calls.push({ messages, kwargs });
    if (this.#delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
    const outputs = text(messages[0]).split("Your output fields are:")[1] ?? "";
    if (outputs.includes("1. `draft`")) return [{ text: "[[ ## draft ## ]]\nLet me add.\n\n[[ ## completed ## ]]" }];
    const match = /What is (\d+) \+ (\d+)\?/.exec(text(messages.at(-1)));
    const helped = this.#hintWorks && (text(messages[0]).includes(HINT) || messages.length > 2);
    const rollout = kwargs.rollout_id;
    const lucky = typeof rollout === "number" && rollout % 2 === 0;
    const answer = match && (helped || lucky) ? String(Number(match[1]) + Number(match[2])) : "unsure";
    return [{ text: `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]` }];
  }
}

/**
 * `count` addition questions with their sums, inputs marked.
 *
 * @example
 * additions(4, 10); // "What is 10 + 13?" ...
 */
export function additions(count: number, offset = 0): Example[] {
  return Array.from({ length: count }, (_, i) =>
    new Example({ question: `What is ${offset + i} + ${offset + 3 * i + 1}?`, answer: String(2 * offset + 4 * i + 1) }).withInputs(
      "question",
    ),
  );
}
