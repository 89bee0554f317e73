import type { BaseLM, LMOutput } from "../../lm/base-lm.js";
import type { Message } from "../../lm/message.js";
import { Example } from "../../primitives/example.js";

const text = (message: Message | undefined) => (typeof message?.content === "string" ? message.content : "");
const section = (name: string, value: string) => `[[ ## ${name} ## ]]\n${value}\n\n`;

/**
 * MIPROv2's prompt model for resume tests: every other proposed instruction carries a HINT
 * (numbered, so proposals differ); other prompts get fixed text. Every call is counted.
 *
 * @example
 * const promptModel = new VaryingPromptLM();
 */
export class VaryingPromptLM implements BaseLM {
  readonly model = "prompt";
  readonly kwargs = { temperature: 0 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  calls = 0;
  async call(): Promise<LMOutput[]> {
    this.calls += 1;
    const fields = { observations: "obs", summary: "sum", program_description: "pd", module_description: "md" };
    const body = Object.entries(fields).map(([name, value]) => section(name, value));
    const instruction = this.calls % 2 === 0 ? `Answer with the HINT (${this.calls}).` : `Answer (${this.calls}).`;
    return [{ text: `${body.join("")}${section("proposed_instruction", instruction)}[[ ## completed ## ]]` }];
  }
}

/**
 * MIPROv2's task model for resume tests: answers qN right when the instructions carry the HINT,
 * or when N is a multiple of 3 and the prompt has demos; content-keyed, so concurrency does not
 * matter. `delayMs` slows each answer.
 *
 * @example
 * const taskModel = new QuestionLM();
 */
export class QuestionLM implements BaseLM {
  readonly model = "task";
  readonly kwargs = { temperature: 0 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  calls = 0;
  constructor(readonly delayMs = 0) {}
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const number = Number(/\bq(\d+)\b/.exec(text(messages.at(-1)))?.[1]);
    const right = text(messages[0]).includes("HINT") || (number % 3 === 0 && messages.length > 2);
    return [{ text: `${section("answer", right ? `a${number}` : "wrong")}[[ ## completed ## ]]` }];
  }
}

/**
 * Questions qFROM… with answers aFROM….
 *
 * @example
 * questions(100, 10);
 */
export function questions(from: number, count: number): Example[] {
  return Array.from({ length: count }, (_, i) =>
    new Example({ question: `q${from + i}`, answer: `a${from + i}` }).withInputs("question"),
  );
}
