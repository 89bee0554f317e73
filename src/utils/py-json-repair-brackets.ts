import { isPythonSpace } from "./py-string.js";

/**
 * Bracket and quote scanning shared by the `json_repair.loads` port: where a bracketed value
 * ends, which `'` are quotes, and whether a parenthesized value is a tuple.
 */

/**
 * The characters json_repair accepts as string quotes (straight and curly double quotes).
 *
 * @example
 * JSON_REPAIR_QUOTES.has("\u201c"); // true
 */
export const JSON_REPAIR_QUOTES: ReadonlySet<string> = new Set(['"', "'", "\u201c", "\u201d"]);

/**
 * The end (exclusive) of the bracketed value opening at `start`: brackets are counted outside
 * double- and single-quoted strings; an unclosed value runs to the end of the text.
 *
 * @example
 * matchingEnd('x [1, "]", [2]] y', 2, "]"); // 15
 */
export function matchingEnd(text: string, start: number, close: string): number {
  const stack: string[] = [close];
  let quote: string | undefined;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i] as string;
    if (quote !== undefined) {
      if (char === "\\") i++;
      else if (char === quote && (quote === '"' || closesSingleQuote(text, i))) quote = undefined;
      continue;
    }
    if (char === '"' || (char === "'" && opensSingleQuote(text, i))) quote = char;
    else if (char === "{") stack.push("}");
    else if (char === "[") stack.push("]");
    else if (char === "(" && close === ")") stack.push(")");
    else if (char === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * Whether the `'` at `at` opens a string: only where a value or key may start (so the one in
 * "it's" inside a bare word does not).
 *
 * @example
 * opensSingleQuote("['a']", 1); // true
 * opensSingleQuote("[it's]", 3); // false
 */
export function opensSingleQuote(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isPythonSpace(text[i] as string)) i--;
  return i < 0 || "[{(,:".includes(text[i] as string);
}

/**
 * Whether the `'` at `at` closes a single-quoted string: only before the end of a value.
 *
 * @example
 * closesSingleQuote("['a']", 3); // true
 * closesSingleQuote("['it's']", 4); // false
 */
export function closesSingleQuote(text: string, at: number): boolean {
  let i = at + 1;
  while (i < text.length && isPythonSpace(text[i] as string)) i++;
  return i >= text.length || "]}),:".includes(text[i] as string);
}

/**
 * json_repair's `parenthesized_is_explicit_tuple`: `()` or a top-level comma inside.
 *
 * @example
 * isExplicitTuple("1,"); // true
 * isExplicitTuple("[1, 2]"); // false
 */
export function isExplicitTuple(inner: string): boolean {
  let depth = 0;
  let content = false;
  let quote: string | undefined;
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i] as string;
    if (quote !== undefined) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (JSON_REPAIR_QUOTES.has(char)) {
      quote = char;
      if (depth === 0) content = true;
    } else if ("([{".includes(char)) {
      if (depth === 0) content = true;
      depth++;
    } else if (")]}".includes(char)) depth = Math.max(0, depth - 1);
    else if (char === "," && depth === 0) return true;
    else if (depth === 0 && !isPythonSpace(char)) content = true;
  }
  return !content;
}
