/**
 * The scripted workload of bench/optimizers.ts: one content-keyed reply function answers every
 * request either side sends — the task (`word -> code`: right only when the instructions say
 * "reverse") and every proposal signature MIPROv2 and GEPA use (each output field filled; JSON
 * when the JSON adapter asked for it).
 */
import type { RecordedRequest } from "../src/test/scripted-server.js";

/** The words of the benchmark; the code of a word is the word reversed and upper-cased. */
export const BENCH_WORDS = Array.from({ length: 60 }, (_, index) => `w${index.toString(36)}x${(index * 7) % 13}q`);

export const benchCode = (word: string) => [...word].reverse().join("").toUpperCase();

function section(text: string, name: string): string {
  return new RegExp(`\\[\\[ ## ${name} ## \\]\\]\\n([\\s\\S]*?)(?:\\n\\n|$)`).exec(text)?.[1] ?? "";
}

function outputFields(system: string): string[] {
  const list = system.split("Your output fields are:")[1]?.split("All interactions")[0] ?? "";
  return [...list.matchAll(/^\d+\. `(\w+)`/gm)].map((match) => match[1] as string);
}

// In the "hard" task a third of the words stay wrong whatever the instructions say, so minibatches
// are rarely perfect and every GEPA iteration reflects and evaluates a child.
const unsolvable = (word: string) => Number(/x(\d+)q/.exec(word)?.[1] ?? 1) % 3 === 0;

function fieldValue(field: string, system: string, user: string, hard: boolean): string {
  switch (field) {
    case "code": {
      const word = section(user, "word");
      return /reverse/i.test(system) && !(hard && unsolvable(word)) ? benchCode(word) : word;
    }
    case "proposed_instruction":
      return "Reverse the word, then upper-case it.";
    case "new_instruction":
      return user.includes("Rule: reverse") ? "Reverse the word and upper-case it." : "Think about the word.";
    case "observations":
      return "The words are short identifiers; codes are upper-case.";
    default:
      return `A ${field.replaceAll("_", " ")}.`;
  }
}

/**
 * The reply to one chat request (`hard`: a third of the words cannot be solved).
 *
 * @example
 * { reply: (request) => benchReply(request, false), latencyMs: 50 }
 */
export function benchReply(request: RecordedRequest, hard = false): string {
  const messages = (request.body?.messages ?? []) as { content?: unknown }[];
  const system = typeof messages[0]?.content === "string" ? messages[0].content : "";
  const user = request.lastUserMessage;
  const fields = outputFields(system);
  const values = Object.fromEntries(fields.map((field) => [field, fieldValue(field, system, user, hard)]));
  if (system.includes("Outputs will be a JSON object")) return JSON.stringify(values);
  return `${fields.map((field) => `[[ ## ${field} ## ]]\n${values[field]}\n\n`).join("")}[[ ## completed ## ]]`;
}
