import { isPythonSpace } from "./py-string.js";

/**
 * Python's one-character `str` predicates as json_repair uses them (`isspace`, `isalpha`,
 * `isalnum`, `isdigit`), and json_repair's string delimiters. Unicode-aware like Python's:
 * a guillemet or emoji is neither a letter nor a digit, `é` and `日` are letters.
 */

/**
 * `STRING_DELIMITERS`: the characters json_repair reads as string quotes.
 *
 * @example
 * STRING_DELIMITERS.has("\u201c"); // true
 */
export const STRING_DELIMITERS: ReadonlySet<string> = new Set(['"', "'", "\u201c", "\u201d"]);

/**
 * Whether `char` (one code point, or `undefined` past the end) is a json_repair quote.
 *
 * @example
 * isDelimiter("'"); // true
 * isDelimiter(undefined); // false
 */
export function isDelimiter(char: string | undefined): boolean {
  return char !== undefined && STRING_DELIMITERS.has(char);
}

/**
 * Python's `str.isspace()` for one code point.
 *
 * @example
 * isSpace("\u2028"); // true
 */
export function isSpace(char: string): boolean {
  return isPythonSpace(char);
}

// Python's isalpha is the L* categories; isalnum adds every N* character. (JS may know a few
// code points newer than Python 3.11's Unicode 14 tables; LM output does not use them.)
const ALPHA = /^\p{L}$/u;
const ALNUM = /^[\p{L}\p{N}]$/u;
// isdigit is Nd plus the Numeric_Type=Digit characters outside Nd (superscripts, circled...).
const DIGIT =
  /^[\p{Nd}\u{b2}-\u{b3}\u{b9}\u{1369}-\u{1371}\u{19da}\u{2070}\u{2074}-\u{2079}\u{2080}-\u{2089}\u{2460}-\u{2468}\u{2474}-\u{247c}\u{2488}-\u{2490}\u{24ea}\u{24f5}-\u{24fd}\u{24ff}\u{2776}-\u{277e}\u{2780}-\u{2788}\u{278a}-\u{2792}\u{10a40}-\u{10a43}\u{10e60}-\u{10e68}\u{11052}-\u{1105a}\u{1f100}-\u{1f10a}]$/u;

/**
 * Python's `str.isalpha()` for one code point.
 *
 * @example
 * isAlpha("é"); // true
 * isAlpha("«"); // false
 */
export function isAlpha(char: string): boolean {
  return ALPHA.test(char);
}

/**
 * Python's `str.isalnum()` for one code point.
 *
 * @example
 * isAlnum("日"); // true
 * isAlnum("_"); // false
 */
export function isAlnum(char: string): boolean {
  return ALNUM.test(char);
}

/**
 * Python's `str.isdigit()` for one code point (superscript digits count).
 *
 * @example
 * isDigit("²"); // true
 * isDigit("½"); // false
 */
export function isDigit(char: string): boolean {
  return DIGIT.test(char);
}
