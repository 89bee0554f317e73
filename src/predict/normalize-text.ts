import { DSPyError } from "../errors/dspy-error.js";
import { inputType } from "../signatures/input-repr.js";
import { isPythonSpace } from "../utils/py-string.js";

// Python's string.punctuation: ASCII only, so "«", "’" and "¿" survive normalisation.
const PUNCTUATION = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

// Python's `\b(a|an|the)\b` with a str pattern: a word character is one that str.isalnum()
// accepts, or "_". Combining marks are *not* word characters, so after NFD the "a" of "á"
// stands alone and is removed (normalize_text("á") == "\u0301"). JS's `\b` is ASCII-only.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/**
 * DSPy's `normalize_text` (`dspy.evaluate.normalize_text`, which `dspy.majority` uses), in DSPy's
 * order: Unicode NFD, lowercasing, removal of ASCII punctuation, removal of the words "a", "an"
 * and "the", whitespace collapsed to single spaces (with Python's whitespace set). It lives in
 * the predict layer because `majority` needs it; the evaluate metrics import it from here.
 *
 * Throws DSPy's `TypeError` text for a non-string, as `unicodedata.normalize` does.
 *
 * @example
 * normalizeText("The,  Eiffel  Tower!"); // "eiffel tower"
 * normalizeText("Café"); // "cafe\u0301" (NFD keeps the accent as a combining mark)
 */
export function normalizeText(text: string): string {
  const value: unknown = text;
  if (typeof value !== "string") {
    // CPython's argument errors name None itself, every other value by its type.
    const type = value === null || value === undefined ? "None" : inputType(value);
    throw new DSPyError(`normalize() argument 2 must be str, not ${type}`, {
      code: "type_error",
      pythonType: "TypeError",
    });
  }
  let lowered = "";
  for (const char of value.normalize("NFD").toLowerCase()) if (!PUNCTUATION.has(char)) lowered += char;
  return pySplit(lowered.replace(ARTICLES, " ")).join(" ");
}

/**
 * Python's `str.split()` with no separator: runs of Python whitespace separate words, and
 * leading or trailing whitespace yields no empty words.
 *
 * @example
 * pySplit("  a\x85b  "); // ["a", "b"]
 */
export function pySplit(text: string): string[] {
  const words: string[] = [];
  let word = "";
  for (const char of text) {
    if (isPythonSpace(char)) {
      if (word) words.push(word);
      word = "";
    } else {
      word += char;
    }
  }
  if (word) words.push(word);
  return words;
}
