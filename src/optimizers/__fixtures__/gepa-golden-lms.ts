/**
 * The scripted LMs and program of GEPA's golden scenarios (scripts/oracle/make_gepa_fixtures.py),
 * so the TypeScript run sees the answers the Python run saw. Test support only.
 */
import type { BaseLM, LMOutput } from "../../lm/base-lm.js";
import type { Message } from "../../lm/message.js";
import { ChainOfThought } from "../../predict/chain-of-thought.js";
import { Predict } from "../../predict/predict.js";
import { Example } from "../../primitives/example.js";
import { Module } from "../../primitives/module.js";
import { Prediction } from "../../primitives/prediction.js";
import type { ProgramCallOptions } from "../program.js";

/** Word → type: R (reversed), U (upper-cased), N (as is). */
export const TYPED_WORDS: Readonly<Record<string, "R" | "U" | "N">> = {
  apple: "R", river: "U", stone: "N", cloud: "R", maple: "U", tiger: "N", lemon: "R",
  piano: "U", ocean: "R", zebra: "U", mango: "N", delta: "R", koala: "U", sugar: "R",
};

const reversed = (word: string) => [...word].reverse().join("");

/** The right code for a word. */
export function typedCode(word: string): string {
  const kind = TYPED_WORDS[word];
  return kind === "R" ? reversed(word) : kind === "U" ? word.toUpperCase() : word;
}

/** Examples `word -> code`. */
export function typedExamples(words: readonly string[]): Example[] {
  return words.map((word) => new Example({ word, code: typedCode(word) }).withInputs("word"));
}

function text(message: Message | undefined): string {
  return typeof message?.content === "string" ? message.content : "";
}

abstract class Scripted implements BaseLM {
  abstract readonly model: string;
  readonly kwargs = {};
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  readonly requests: { messages: Message[]; kwargs: Record<string, unknown> }[] = [];
  latencyMs = 0;

  async call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.requests.push({ messages, kwargs: { ...kwargs } });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return [{ text: this.answer(text(messages[0]), text(messages.at(-1))) }];
  }

  protected abstract answer(system: string, user: string): string;
}

/** Content-keyed task LM: `draft` hints "reverse" with `hint-rule`; `final` reads hint and `upper`. */
export class TypedTaskLM extends Scripted {
  readonly model = "oracle/task";

  /** Words `final` answers with unparseable text unless told `upper`. */
  constructor(readonly garbled: readonly string[] = []) {
    super();
  }

  protected answer(system: string, user: string): string {
    const word = /\[\[ ## word ## \]\]\n(.*?)\n/.exec(user)?.[1] ?? "";
    const outputs = system.split("Your output fields are:")[1]?.split("All interactions")[0] ?? "";
    if (outputs.includes("`hint`")) {
      const reasoning = outputs.includes("`reasoning`") ? `[[ ## reasoning ## ]]\nThinking about ${word}.\n\n` : "";
      return `${reasoning}[[ ## hint ## ]]\n${system.includes("hint-rule") ? "reverse" : "none"}\n\n[[ ## completed ## ]]`;
    }
    const upper = system.includes("upper");
    if (this.garbled.includes(word) && !upper) return `I refuse to format ${word}.`;
    const hint = /\[\[ ## hint ## \]\]\n(.*?)\n/.exec(user)?.[1];
    let code = word;
    if (hint === "reverse" && upper) code = typedCode(word);
    else if (hint === "reverse") code = reversed(word);
    else if (upper) code = word.toUpperCase();
    return `[[ ## code ## ]]\n${code}\n\n[[ ## completed ## ]]`;
  }
}

/** Content-keyed reflection LM: appends the fix the feedback names to the current instruction. */
export class TypedReflectionLM extends Scripted {
  readonly model = "oracle/reflection";

  protected answer(_system: string, user: string): string {
    const current = /\[\[ ## current_instruction ## \]\]\n([\s\S]*?)\n\n\[\[ ## examples_with_feedback/.exec(user)?.[1] ?? "";
    const examples = user.split("[[ ## examples_with_feedback ## ]]")[1] ?? "";
    let next = `${current} Be careful.`;
    if (examples.includes("use hint-rule")) next = `${current} Follow hint-rule.`;
    else if (examples.includes("use upper")) next = `${current} Write upper.`;
    return JSON.stringify({ new_instruction: next });
  }
}

/** `draft: word -> hint` (a `ChainOfThought` with `cot`), then `final: word, hint -> code`. */
export class TwoStep extends Module {
  draft: Predict | ChainOfThought;
  final = new Predict("word, hint -> code");

  constructor(cot = false) {
    super();
    this.draft = cot ? new ChainOfThought("word -> hint") : new Predict("word -> hint");
  }

  async call(inputs: Record<string, unknown>, options?: ProgramCallOptions): Promise<Prediction> {
    const hint = (await this.draft.call({ word: inputs.word }, options)).get("hint");
    return this.final.call({ word: inputs.word, hint }, options);
  }
}

/** The golden metric: 1/0 with feedback naming the fix for the predictor asked about. */
export function typedMetric(gold: Example, prediction: Prediction, _trace?: unknown, predName?: string | null) {
  const right = prediction.get("code") === gold.get("code");
  const kind = TYPED_WORDS[String(gold.get("word"))];
  let feedback = `Expected ${String(gold.get("code"))}.`;
  if (right) feedback = "Correct.";
  else if (predName?.startsWith("draft") && kind === "R") feedback = `Expected ${String(gold.get("code"))}: the hint must be reverse, use hint-rule.`;
  else if (predName === "final" && kind === "U") feedback = `Expected ${String(gold.get("code"))}: answer in capitals, use upper.`;
  return new Prediction({ score: right ? 1 : 0, feedback });
}
