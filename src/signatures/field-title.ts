import { pyStrip } from "../utils/py-string.js";

/**
 * pydantic's default title for a model field: `name.title().replace('_', ' ').strip()`.
 *
 * @example
 * fieldTitle("user_id");   // "User Id"
 * fieldTitle("HTMLThing"); // "Htmlthing"
 * fieldTitle("x2y");       // "X2Y"
 */
export function fieldTitle(name: string): string {
  return pyStrip(pyTitle(name).replaceAll("_", " "));
}

const CASED = /\p{Cased}/u;
const CASE_IGNORABLE = /\p{Case_Ignorable}/u;

/**
 * Python's `str.title()`: each character title-cased after an uncased one (digit, `_`, start),
 * lower-cased after a cased one.
 *
 * @example
 * pyTitle("they're ok"); // "They'Re Ok"
 */
export function pyTitle(text: string): string {
  const chars = [...text];
  let out = "";
  let previousCased = false;
  chars.forEach((char, index) => {
    out += previousCased ? lowerAt(chars, index) : (TITLE_CASE.get(char) ?? char.toUpperCase());
    previousCased = CASED.test(char);
  });
  return out;
}

function lowerAt(chars: string[], index: number): string {
  const char = chars[index] as string;
  if (char !== "Σ") return char.toLowerCase();
  // Final sigma: a cased letter precedes (always, here), and no cased letter follows.
  let next = index + 1;
  while (next < chars.length && CASE_IGNORABLE.test(chars[next] as string)) next++;
  return next < chars.length && CASED.test(chars[next] as string) ? "σ" : "ς";
}

/**
 * Where Python 3.11's title case (Unicode 14) differs from JavaScript's `toUpperCase`:
 * digraphs, ligatures, Greek iota subscripts, Georgian, and letters newer Unicode capitalises.
 */
const TITLE_CASE = new Map<string, string>([
  ["\u00df", "Ss"],
  ["\u019b", "\u019b"],
  ["\u01c4", "\u01c5"],
  ["\u01c5", "\u01c5"],
  ["\u01c6", "\u01c5"],
  ["\u01c7", "\u01c8"],
  ["\u01c8", "\u01c8"],
  ["\u01c9", "\u01c8"],
  ["\u01ca", "\u01cb"],
  ["\u01cb", "\u01cb"],
  ["\u01cc", "\u01cb"],
  ["\u01f1", "\u01f2"],
  ["\u01f2", "\u01f2"],
  ["\u01f3", "\u01f2"],
  ["\u0264", "\u0264"],
  ["\u0587", "\u0535\u0582"],
  ["\u1c8a", "\u1c8a"],
  ["\u1fb2", "\u1fba\u0345"],
  ["\u1fb3", "\u1fbc"],
  ["\u1fb4", "\u0386\u0345"],
  ["\u1fb7", "\u0391\u0342\u0345"],
  ["\u1fbc", "\u1fbc"],
  ["\u1fc2", "\u1fca\u0345"],
  ["\u1fc3", "\u1fcc"],
  ["\u1fc4", "\u0389\u0345"],
  ["\u1fc7", "\u0397\u0342\u0345"],
  ["\u1fcc", "\u1fcc"],
  ["\u1ff2", "\u1ffa\u0345"],
  ["\u1ff3", "\u1ffc"],
  ["\u1ff4", "\u038f\u0345"],
  ["\u1ff7", "\u03a9\u0342\u0345"],
  ["\u1ffc", "\u1ffc"],
  ["\ufb00", "Ff"],
  ["\ufb01", "Fi"],
  ["\ufb02", "Fl"],
  ["\ufb03", "Ffi"],
  ["\ufb04", "Ffl"],
  ["\ufb05", "St"],
  ["\ufb06", "St"],
  ["\ufb13", "\u0544\u0576"],
  ["\ufb14", "\u0544\u0565"],
  ["\ufb15", "\u0544\u056b"],
  ["\ufb16", "\u054e\u0576"],
  ["\ufb17", "\u0544\u056d"],
  // Greek with ypogegrammeni, U+1F80–1FAF: each lower-case letter (x0–x7) titles to x8–xF.
  ...Array.from({ length: 48 }, (_, offset): [string, string] => {
    const code = 0x1f80 + offset;
    return [String.fromCodePoint(code), String.fromCodePoint(code | 0x8)];
  }),
  // Georgian Mkhedruli has capitals (Mtavruli) but is its own title case.
  ...Array.from({ length: 48 }, (_, offset): [string, string] => {
    const char = String.fromCodePoint(0x10d0 + offset);
    return [char, char];
  }).filter(([char]) => char !== "\u10fb" && char !== "\u10fc"),
]);
