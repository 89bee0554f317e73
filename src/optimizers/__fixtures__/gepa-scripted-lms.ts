/**
 * Scripted LMs for GEPA tests: a "secret code" task the task LM solves only when its
 * instructions carry the rule the metric's feedback reveals, and a reflection LM that writes
 * the rule into the instruction once it reads it in the feedback. Test support only.
 */
import type { BaseLM, LMOutput } from "../../lm/base-lm.js";
import type { Message } from "../../lm/message.js";
import { Example } from "../../primitives/example.js";
import type { Prediction } from "../../primitives/prediction.js";

function text(message: Message | undefined): string {
  return typeof message?.content === "string" ? message.content : "";
}

/** The answer for a word: the word reversed, upper-cased. */
export function secretCode(word: string): string {
  return [...word].reverse().join("").toUpperCase();
}

/** Words of the task, each an example `word -> code`. */
export const WORDS = ["apple", "river", "stone", "cloud", "maple", "tiger", "lemon", "piano", "ocean", "zebra"];

/**
 * The task's examples.
 *
 * @example
 * const [trainset, valset] = [codeExamples(WORDS.slice(0, 6)), codeExamples(WORDS.slice(6))];
 */
export function codeExamples(words: readonly string[]): Example[] {
  return words.map((word) => new Example({ word, code: secretCode(word) }).withInputs("word"));
}

/**
 * The task's feedback metric: 1 for the right code; the feedback names the rule.
 *
 * @example
 * codeMetric(gold, prediction); // { score: 0, feedback: "Wrong. Rule: reverse the word and upper-case it (expected ELPPA)." }
 */
export function codeMetric(gold: Example, prediction: Prediction) {
  const right = prediction.get("code") === gold.get("code");
  return {
    score: right ? 1 : 0,
    feedback: right
      ? "Correct."
      : `Wrong. Rule: reverse the word and upper-case it (expected ${String(gold.get("code"))}).`,
  };
}

abstract class ScriptedLM implements BaseLM {
  abstract readonly model: string;
  readonly kwargs = {};
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  /** Requests so far. */
  calls = 0;
  readonly requests: Message[][] = [];

  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    this.requests.push(messages);
    return [{ text: this.answer(text(messages[0]), text(messages.at(-1))) }];
  }

  protected abstract answer(system: string, user: string): string;
}

/**
 * Answers `word -> code` (ChatAdapter format): right when the instructions mention "reverse",
 * else it echoes the word.
 */
export class CodeTaskLM extends ScriptedLM {
  readonly model = "scripted/task";

  protected answer(system: string, user: string): string {
    const word = /\[\[ ## word ## \]\]\n(.*?)\n/.exec(user)?.[1] ?? "";
    const code = /reverse/i.test(system) ? secretCode(word) : word;
    return `[[ ## code ## ]]\n${code}\n\n[[ ## completed ## ]]`;
  }
}

/**
 * Reflection LM (JSONAdapter format): proposes "Reverse the word and upper-case it." once the
 * examples it is shown carry that rule, else a rewording that does not help.
 */
export class CodeReflectionLM extends ScriptedLM {
  readonly model = "scripted/reflection";

  protected answer(_system: string, user: string): string {
    const knowsRule = user.includes("Rule: reverse the word");
    const instruction = knowsRule ? "Reverse the word and upper-case it." : "Think harder about the word.";
    return JSON.stringify({ new_instruction: instruction });
  }
}
