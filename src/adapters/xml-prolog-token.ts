import { isNameChar, isNameStart } from "./xml-name-chars.js";
import { isSpace, isXmlChar } from "./xml-scanner.js";

/**
 * What expat's prolog tokenizer makes of the text at a position.
 *
 * @example
 * const token: PrologToken = { kind: "invalid", at: 5 };
 */
export type PrologToken = { kind: "token" } | { kind: "invalid"; at: number } | { kind: "partial" };

const TOKEN: PrologToken = { kind: "token" };

/**
 * expat's `prologTok` for a token that is not whitespace, a comment or a processing
 * instruction. After the root element closes, any such token is "junk after document element"
 * at its start, unless the tokenizer already rejects it as an invalid token somewhere inside —
 * this decides which, and where.
 *
 * @example
 * prologToken("</r>y ", 4); // { kind: "token" }   → junk after document element
 * prologToken("</r>y<", 4); // { kind: "invalid", at: 5 }
 */
export function prologToken(s: string, at: number): PrologToken {
  const char = s[at] as string;
  const invalid = (position: number): PrologToken =>
    position >= s.length ? { kind: "partial" } : { kind: "invalid", at: position };
  if (char === '"' || char === "'") {
    for (let j = at + 1; j < s.length; j++) {
      const code = s.codePointAt(j) as number;
      if (!isXmlChar(code)) return invalid(j);
      if (code > 0xffff) j++;
      if (s[j] !== char) continue;
      return j + 1 >= s.length || isSpace(s.charCodeAt(j + 1)) || ">%[".includes(s[j + 1] as string)
        ? TOKEN
        : invalid(j + 1);
    }
    return { kind: "partial" };
  }
  if (char === "<") {
    const next = s.charCodeAt(at + 1);
    if (s[at + 1] === "!") return declaration(s, at + 2, invalid);
    if (asciiNameStart(next) || next >= 0x80) return TOKEN;
    return invalid(at + 1);
  }
  if (",[]|>(".includes(char)) return TOKEN;
  if (char === ")") {
    const next = s[at + 1] ?? "";
    return next === "" || "*?+>,|)".includes(next) || isSpace(next.charCodeAt(0)) ? TOKEN : invalid(at + 1);
  }
  if (char === "%" || char === "#") return referenceLike(s, at + 1, char === "%", invalid);
  const code = s.codePointAt(at) as number;
  let prefixed: boolean | undefined;
  if (asciiNameStart(code) || (code >= 0x80 && isNameStart(code))) prefixed = false;
  else if (/[0-9.\-:]/.test(char) || (code >= 0x80 && isNameChar(code))) prefixed = undefined;
  else return invalid(at);
  // `prefixed`: false for a plain name, true once it has one colon, undefined for a name token.
  let isName = prefixed !== undefined;
  for (let j = at + (code > 0xffff ? 2 : 1); j < s.length; ) {
    const current = s[j] as string;
    const c = s.charCodeAt(j);
    if (isNameChar(c)) j++;
    else if (c >= 0x80) return invalid(j);
    else if (isSpace(c) || ">),|[%".includes(current)) return TOKEN;
    else if (current === ":") {
      j++;
      if (isName && !prefixed) {
        prefixed = true;
        if (j < s.length && s.charCodeAt(j) >= 0x80 && !isNameChar(s.charCodeAt(j))) return invalid(j);
        if (j < s.length && !isNameChar(s.charCodeAt(j))) isName = false;
      } else isName = false;
    } else if ("+*?".includes(current)) return isName ? TOKEN : invalid(j);
    else return invalid(j);
  }
  return TOKEN;
}

/** `<!` in the prolog: a comment (handled by the caller), `<![`, or `<!NAME` declarations. */
function declaration(s: string, at: number, invalid: (position: number) => PrologToken): PrologToken {
  if (s[at] === "[") return TOKEN;
  if (s[at] === "-") return invalid(at + 1);
  if (!asciiNameStart(s.charCodeAt(at))) return invalid(at);
  for (let j = at + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (asciiNameStart(c)) continue;
    if (s[j] === "%") {
      if (j + 1 >= s.length) return { kind: "partial" };
      const next = s.charCodeAt(j + 1);
      return isSpace(next) || s[j + 1] === "%" ? invalid(j) : TOKEN;
    }
    return isSpace(c) ? TOKEN : invalid(j);
  }
  return { kind: "partial" };
}

/** `%name;` (parameter entity) or `#NAME` (keyword) tokens. */
function referenceLike(
  s: string,
  at: number,
  percent: boolean,
  invalid: (position: number) => PrologToken,
): PrologToken {
  if (at >= s.length) return { kind: "partial" };
  const first = s.charCodeAt(at);
  if (percent && (isSpace(first) || s[at] === "%")) return TOKEN;
  if (!isNameStart(first)) return invalid(at);
  for (let j = at + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (isNameChar(c)) continue;
    if (percent) return s[j] === ";" ? TOKEN : invalid(j);
    return isSpace(c) || ")>%|".includes(s[j] as string) ? TOKEN : invalid(j);
  }
  return percent ? { kind: "partial" } : TOKEN;
}

/** expat's ASCII `BT_NMSTRT`/`BT_HEX`: letters and `_`. */
function asciiNameStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}
