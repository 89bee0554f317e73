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

function fieldValue(field: string, system: string, user: string): string {
  switch (field) {
    case "code":
      return /reverse/i.test(system) ? benchCode(section(user, "word")) : section(user, "word");
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
 * The reply to one chat request.
 *
 * @example
 * { reply: benchReply, latencyMs: 50 }
 */
export function benchReply(request: RecordedRequest): string {
  const messages = (request.body?.messages ?? []) as { content?: unknown }[];
  const system = typeof messages[0]?.content === "string" ? messages[0].content : "";
  const user = request.lastUserMessage;
  const fields = outputFields(system);
  const values = Object.fromEntries(fields.map((field) => [field, fieldValue(field, system, user)]));
  if (system.includes("Outputs will be a JSON object")) return JSON.stringify(values);
  return `${fields.map((field) => `[[ ## ${field} ## ]]\n${values[field]}\n\n`).join("")}[[ ## completed ## ]]`;
}
