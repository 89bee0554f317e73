import { pyJsonLoads } from "./py-json-loads.js";

/**
 * Python's `json.JSONDecoder().raw_decode(text[start:])`: decodes the one JSON value that
 * begins exactly at `start` and tells where it ends, ignoring whatever follows. `undefined`
 * where Python raises. The value's extent is found by the rules of CPython's C scanner
 * (strict strings, `NaN`/`Infinity`, a number stopping before a dangling `.` or `e`).
 *
 * @example
 * pyRawDecode(Array.from('{"a": 1} trailing'), 0); // { value: { a: 1 }, length: 8 }
 * pyRawDecode(Array.from("[1,]"), 0); // undefined
 */
export function pyRawDecode(chars: readonly string[], start: number): { value: unknown; length: number } | undefined {
  const end = scanValue(chars, start);
  if (end === undefined) return undefined;
  const decoded = pyJsonLoads(chars.slice(start, end).join(""));
  return decoded.ok ? { value: decoded.value, length: end - start } : undefined;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const SIMPLE_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const CONSTANTS = ["null", "true", "false", "NaN", "Infinity", "-Infinity"];

function skipWhitespace(chars: readonly string[], at: number): number {
  let i = at;
  while (i < chars.length && WHITESPACE.has(chars[i] as string)) i++;
  return i;
}

function isAsciiDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

/** The end (exclusive) of the JSON value starting at `at`, or `undefined` if there is none. */
function scanValue(chars: readonly string[], at: number): number | undefined {
  const char = chars[at];
  if (char === '"') return scanString(chars, at + 1);
  if (char === "{") return scanObject(chars, at + 1);
  if (char === "[") return scanArray(chars, at + 1);
  for (const constant of CONSTANTS) {
    if (chars.slice(at, at + constant.length).join("") === constant) return at + constant.length;
  }
  return scanNumber(chars, at);
}

function scanString(chars: readonly string[], at: number): number | undefined {
  for (let i = at; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === '"') return i + 1;
    if (char === "\\") {
      const escaped = chars[i + 1];
      if (escaped === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(chars.slice(i + 2, i + 6).join(""))) return undefined;
        i += 5;
      } else if (escaped !== undefined && SIMPLE_ESCAPES.has(escaped)) {
        i++;
      } else {
        return undefined;
      }
    } else if (char < " ") {
      return undefined; // strict mode: raw control characters are invalid
    }
  }
  return undefined;
}

function scanObject(chars: readonly string[], at: number): number | undefined {
  let i = skipWhitespace(chars, at);
  if (chars[i] === "}") return i + 1;
  for (;;) {
    if (chars[i] !== '"') return undefined;
    const keyEnd = scanString(chars, i + 1);
    if (keyEnd === undefined) return undefined;
    i = skipWhitespace(chars, keyEnd);
    if (chars[i] !== ":") return undefined;
    const valueEnd = scanValue(chars, skipWhitespace(chars, i + 1));
    if (valueEnd === undefined) return undefined;
    i = skipWhitespace(chars, valueEnd);
    if (chars[i] === "}") return i + 1;
    if (chars[i] !== ",") return undefined;
    i = skipWhitespace(chars, i + 1);
  }
}

function scanArray(chars: readonly string[], at: number): number | undefined {
  let i = skipWhitespace(chars, at);
  if (chars[i] === "]") return i + 1;
  for (;;) {
    const valueEnd = scanValue(chars, i);
    if (valueEnd === undefined) return undefined;
    i = skipWhitespace(chars, valueEnd);
    if (chars[i] === "]") return i + 1;
    if (chars[i] !== ",") return undefined;
    i = skipWhitespace(chars, i + 1);
  }
}

function scanNumber(chars: readonly string[], at: number): number | undefined {
  let i = at;
  if (chars[i] === "-") i++;
  if (chars[i] === "0") i++;
  else if (isAsciiDigit(chars[i]) && chars[i] !== "0") {
    while (isAsciiDigit(chars[i])) i++;
  } else return undefined;
  if (chars[i] === "." && isAsciiDigit(chars[i + 1])) {
    i += 2;
    while (isAsciiDigit(chars[i])) i++;
  }
  if (chars[i] === "e" || chars[i] === "E") {
    const exponentStart = i;
    i++;
    if (chars[i] === "-" || chars[i] === "+") i++;
    while (isAsciiDigit(chars[i])) i++;
    if (!isAsciiDigit(chars[i - 1])) i = exponentStart;
  }
  return i;
}
