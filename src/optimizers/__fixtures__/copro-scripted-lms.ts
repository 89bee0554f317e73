/**
 * The two scripted LMs of COPRO's golden scenarios (scripts/oracle/make_copro_fixtures.py), so
 * the TypeScript run sees the answers the Python run saw. Test support only.
 */

import type { BaseLM, LMOutput } from "../../lm/base-lm.js";
import type { Message } from "../../lm/message.js";

function render(fields: Record<string, string>): string {
  return `${Object.entries(fields)
    .map(([name, value]) => `[[ ## ${name} ## ]]\n${value}\n\n`)
    .join("")}[[ ## completed ## ]]`;
}

function text(message: Message | undefined): string {
  return typeof message?.content === "string" ? message.content : "";
}

/**
 * Answers proposal requests in order from a list of (instruction, prefix), `n` per request,
 * recording each request.
 *
 * @example
 * const promptModel = new ProposalLM([["Be brief. skill-1", "Answer:"]]);
 */
export class ProposalLM implements BaseLM {
  readonly model = "oracle/proposals";
  readonly kwargs = {};
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  readonly requests: { messages: Message[]; kwargs: Record<string, unknown> }[] = [];
  #next = 0;

  constructor(readonly proposals: readonly (readonly [string, string])[]) {}

  async call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.requests.push({ messages, kwargs: { ...kwargs } });
    const n = typeof kwargs.n === "number" ? kwargs.n : 1;
    return Array.from({ length: n }, () => {
      const [instruction, prefix] = this.proposals[this.#next++ % this.proposals.length] as readonly [string, string];
      return { text: render({ proposed_instruction: instruction, proposed_prefix_for_output_field: prefix }) };
    });
  }
}

/** Question → (answer, difficulty). */
export const ARITHMETIC: Readonly<Record<string, readonly [string, number]>> = {
  "What is 2 + 3?": ["5", 1],
  "What is 4 * 4?": ["16", 2],
  "What is 9 - 7?": ["2", 2],
  "What is 10 / 2?": ["5", 3],
  "What is 3 * 3?": ["9", 1],
};

function skill(system: string): number {
  return Math.max(0, ...[...system.matchAll(/skill-(\d)/g)].map((match) => Number(match[1])));
}

/**
 * Content-keyed task model: answers a question of difficulty k correctly only when the
 * instructions contain `skill-j` with j >= k; a `draft` predictor writes "good" with any skill.
 *
 * @example
 * const lm = new SkillTaskLM(); // lm.count: requests so far
 */
export class SkillTaskLM implements BaseLM {
  readonly model = "oracle/task";
  readonly kwargs = {};
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  count = 0;

  async call(messages: Message[]): Promise<LMOutput[]> {
    this.count += 1;
    const system = text(messages[0]);
    const user = text(messages.at(-1));
    const question = /\[\[ ## question ## \]\]\n(.*?)\n/.exec(user)?.[1] ?? "";
    const [answer, difficulty] = ARITHMETIC[question] ?? ["?", 9];
    const outputs = system.split("Your output fields are:")[1]?.split("All interactions")[0] ?? "";
    if (outputs.includes("1. `draft`")) return [{ text: render({ draft: skill(system) ? "good" : "bad" }) }];
    const draft = /\[\[ ## draft ## \]\]\n(.*?)\n/.exec(user);
    const ok = skill(system) >= difficulty && (!draft || draft[1] === "good");
    return [{ text: render({ answer: ok ? answer : "I am not sure" }) }];
  }
}
