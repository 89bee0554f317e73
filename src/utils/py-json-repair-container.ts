import { JSONRepairError, jsonrepair } from "jsonrepair";
import { PyFloat } from "./py-float.js";
import { boxFloats } from "./py-json-loads.js";
import { closesSingleQuote, opensSingleQuote } from "./py-json-repair-brackets.js";
import { isPythonSpace } from "./py-string.js";

/**
 * One bracketed container (`{...}`, `[...]`) repaired the way json_repair repairs it, by the
 * `jsonrepair` package after aligning the text with json_repair's reading; what it cannot
 * repair counts as nothing found (`""`).
 *
 * @example
 * repairContainer("{'a': True, 'b': [It's fine]}"); // { a: true, b: ["It's fine"] }
 * repairContainer("{1, 2}"); // ""
 */
export function repairContainer(container: string): unknown {
  const source = alignWithJsonRepair(container);
  const decode = (text: string) => restoreApostrophes(JSON.parse(jsonrepair(text), boxFloats));
  try {
    return decode(source);
  } catch (error) {
    // Trailing junk inside an unbalanced tail: repair what comes before it.
    if (error instanceof JSONRepairError && error.message.startsWith("Unexpected character")) {
      try {
        return decode(source.slice(0, (error as JSONRepairError & { position: number }).position));
      } catch {}
    }
    return "";
  }
}

// Stands in for an apostrophe inside a bare word while `jsonrepair` runs (a private-use char).
const APOSTROPHE = "\ue000";
const BARE_LITERAL = /(true|false|null|none)(?=[\s,)\]}]|$)/iy;

/**
 * Rewrites what `jsonrepair` reads differently from json_repair: an apostrophe inside a bare
 * word (`[It's fine]`) is not a quote, and bare `TRUE`/`NONE` in a value position are
 * literals in any letter case.
 */
function alignWithJsonRepair(source: string): string {
  if (source.includes(APOSTROPHE)) return source;
  let output = "";
  let quote: string | undefined;
  const containers: string[] = [];
  let previous = "";
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (quote !== undefined) {
      output += char;
      if (char === "\\" && i + 1 < source.length) output += source[++i];
      else if (char === quote && (quote === '"' || closesSingleQuote(source, i))) quote = undefined;
      continue;
    }
    if (char === "'" && !opensSingleQuote(source, i)) {
      output += APOSTROPHE;
      previous = char;
      continue;
    }
    const valueStart = previous === ":" || previous === "[" || (previous === "," && containers.at(-1) === "[");
    BARE_LITERAL.lastIndex = i;
    const literal = valueStart ? BARE_LITERAL.exec(source)?.[1] : undefined;
    if (literal !== undefined) {
      const lower = literal.toLowerCase();
      output += lower === "none" ? "null" : lower;
      i += literal.length - 1;
      previous = "t";
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "{" || char === "[") containers.push(char);
    else if (char === "}" || char === "]") containers.pop();
    output += char;
    if (!isPythonSpace(char)) previous = char;
  }
  return output;
}

function restoreApostrophes(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll(APOSTROPHE, "'");
  if (Array.isArray(value)) return value.map(restoreApostrophes);
  if (value !== null && typeof value === "object" && !(value instanceof PyFloat)) {
    const output: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(output, restoreApostrophes(key) as string, {
        value: restoreApostrophes(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return output;
  }
  return value;
}
