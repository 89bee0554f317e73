/**
 * Python `str` methods whose behaviour differs from JavaScript's built-ins in ways that change
 * prompt bytes: which characters count as whitespace, and which ones end a line.
 */

// Python's str.isspace() set (JS's \s differs: it has U+FEFF and lacks U+001C–U+001F, U+0085).
const WHITESPACE = new Set(
  "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
);

/**
 * Python's `str.isspace()` for a single character.
 *
 * @example
 * isPythonSpace("\x85"); // true
 */
export function isPythonSpace(char: string): boolean {
  return WHITESPACE.has(char);
}

/**
 * Python's `str.strip()` with no argument.
 *
 * @example
 * pyStrip("\x85 hi \n"); // "hi"
 */
export function pyStrip(text: string): string {
  return pyRstrip(pyLstrip(text));
}

/**
 * Python's `str.lstrip()` with no argument.
 *
 * @example
 * pyLstrip("  hi "); // "hi "
 */
export function pyLstrip(text: string): string {
  let start = 0;
  while (start < text.length && WHITESPACE.has(text[start] as string)) start++;
  return text.slice(start);
}

/**
 * Python's `str.rstrip()` with no argument.
 *
 * @example
 * pyRstrip(" hi  "); // " hi"
 */
export function pyRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && WHITESPACE.has(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/**
 * Python's `str.splitlines()`: splits on every Unicode line boundary, drops the breaks, and
 * yields no trailing empty line.
 *
 * @example
 * pySplitlines("a\r\nb\u2028c\n"); // ["a", "b", "c"]
 */
export function pySplitlines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(new RegExp(LINE_BREAK.source, "g"));
  const last = text.at(-1) as string;
  if (LINE_BREAK.test(last)) lines.pop();
  return lines;
}

/**
 * Python's `str.isupper()`: at least one cased character and no lowercase ones.
 *
 * @example
 * pyIsUpper("HTML"); pyIsUpper("2"); // true, false
 */
export function pyIsUpper(text: string): boolean {
  let cased = false;
  for (const char of text) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    if (lower !== upper) {
      if (char !== upper) return false;
      cased = true;
    }
  }
  return cased;
}

/**
 * Python's `str.capitalize()`: first character upper-cased, the rest lower-cased.
 *
 * @example
 * pyCapitalize("hELLO"); // "Hello"
 */
export function pyCapitalize(text: string): string {
  const [first = "", ...rest] = [...text];
  return first.toUpperCase() + rest.join("").toLowerCase();
}

const IDENTIFIER =
  /^[\p{L}\p{Nl}_\u2118\u212e\u309b\u309c][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_\u00b7\u0387\u1369-\u1371\u19da\u2118\u212e\u309b\u309c]*$/u;

/**
 * Python's `str.isidentifier()` (approximated with Unicode property classes).
 *
 * @example
 * pyIsIdentifier("answer_2"); pyIsIdentifier("2x"); // true, false
 */
export function pyIsIdentifier(text: string): boolean {
  return IDENTIFIER.test(text.normalize("NFKC"));
}
