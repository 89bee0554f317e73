import { isNameChar, isNameStart } from "./xml-name-chars.js";

/**
 * A document that is not well-formed, with expat's reason and position (1-based line, 0-based
 * column counted in code points), so `message` reads like Python's `ET.ParseError`:
 * `mismatched tag: line 1, column 30`.
 *
 * @example
 * try { parseXml("<a></b>"); } catch (e) { (e as XmlParseError).reason; } // "mismatched tag"
 */
export class XmlParseError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason}: line ${line}, column ${column}`);
    this.name = "XmlParseError";
  }
}

const INVALID = "not well-formed (invalid token)";

/**
 * The five entities XML predefines; expat knows no others without a DTD.
 *
 * @example
 * PREDEFINED_ENTITIES.amp; // "&"
 */
export const PREDEFINED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * expat's tokenizer pieces shared by the tree builder: names, references, comments, CDATA and
 * processing instructions, each reporting the first bad character exactly where expat does
 * ("invalid token" at the offending character, "unclosed token" at the start of a token cut off
 * by the end of input). `i` is the read position, in UTF-16 units.
 *
 * @example
 * class TreeParser extends XmlScanner { ... } // see xml-tree.ts
 */
export abstract class XmlScanner {
  protected i = 0;

  constructor(protected readonly s: string) {}

  /** `&name;` or `&#...;`, syntax only; leaves `i` after the `;`. */
  protected reference(start: number): { code: number } | { entity: string } {
    const s = this.s;
    if (s[start + 1] === "#") {
      let j = start + 2;
      const hex = s[j] === "x";
      if (hex) j++;
      const digit = hex ? /[0-9a-fA-F]/ : /[0-9]/;
      if (!digit.test(s[j] ?? "")) this.invalidOrPartial(j, start);
      let code = 0;
      // Capped so huge numbers stay "invalid character number" instead of overflowing.
      for (; digit.test(s[j] ?? ""); j++)
        code = Math.min(code * (hex ? 16 : 10) + Number.parseInt(s[j] as string, 16), 0x110000);
      if (s[j] !== ";") this.invalidOrPartial(j, start);
      this.i = j + 1;
      return { code };
    }
    if (!this.nameStartAt(start + 1)) this.invalidOrPartial(start + 1, start);
    const end = this.nameEnd(start + 1);
    if (s[end] !== ";") this.invalidOrPartial(end, start);
    this.i = end + 1;
    return { entity: s.slice(start + 1, end) };
  }

  /** `<!-- ... -->` starting at `start`; `--` inside is an error, as XML requires. */
  protected comment(start: number): void {
    const s = this.s;
    if (s[start + 3] !== "-") this.invalidOrPartial(start + 3, start);
    let j = start + 4;
    for (;;) {
      if (j >= s.length) this.fail("unclosed token", start);
      if (s.startsWith("--", j)) {
        if (s[j + 2] === ">") break;
        this.invalidOrPartial(j + 2, start);
      }
      j = this.advanceChar(j);
    }
    this.i = j + 3;
  }

  /** `<![CDATA[ ... ]]>`; returns the text with newlines normalised. */
  protected cdata(start: number): string {
    const s = this.s;
    const opener = "<![CDATA[";
    for (let k = 3; k < opener.length; k++) if (s[start + k] !== opener[k]) this.invalidOrPartial(start + k, start);
    let j = start + opener.length;
    let out = "";
    while (!s.startsWith("]]>", j)) {
      if (j >= s.length) this.fail("unclosed CDATA section", s.length);
      if (s[j] === "\r") {
        out += "\n";
        j += s[j + 1] === "\n" ? 2 : 1;
        continue;
      }
      const next = this.advanceChar(j);
      out += s.slice(j, next);
      j = next;
    }
    this.i = j + 3;
    return out;
  }

  /** `<?target ...?>`; returns whether it is an XML declaration (target exactly `xml`). */
  protected instruction(start: number): boolean {
    const s = this.s;
    if (!this.nameStartAt(start + 2)) this.invalidOrPartial(start + 2, start);
    const end = this.nameEnd(start + 2);
    const target = s.slice(start + 2, end);
    // Other spellings of "xml" are reserved; expat rejects them right after the target.
    if (target.toLowerCase() === "xml" && target !== "xml") this.invalidOrPartial(end, start);
    let j = end;
    if (s[j] === "?") {
      if (s[j + 1] !== ">") this.invalidOrPartial(j + 1, start);
    } else {
      if (!isSpace(s.charCodeAt(j))) this.invalidOrPartial(j, start);
      while (!s.startsWith("?>", j)) {
        if (j >= s.length) this.fail("unclosed token", start);
        j = this.advanceChar(j);
      }
    }
    this.i = j + 2;
    return target === "xml";
  }

  /** Index after the character at `j`, which must be a legal XML character. */
  protected advanceChar(j: number): number {
    const code = this.s.codePointAt(j) as number;
    if (!isXmlChar(code)) this.invalid(j);
    return j + (code > 0xffff ? 2 : 1);
  }

  /** `name` or `prefix:name`: namespace mode allows one colon, between two names. */
  protected qualifiedName(at: number): string {
    let end = this.nameEnd(at);
    if (this.s[end] === ":") {
      if (!this.nameStartAt(end + 1)) this.invalidOrPartial(end + 1, at - 1);
      end = this.nameEnd(end + 1);
      if (this.s[end] === ":") this.invalid(end);
    }
    return this.s.slice(at, end);
  }

  /** End of the name whose first character is at `at`; `colons` lets end-tag names hold any. */
  protected nameEnd(at: number, colons = false): number {
    let j = at + 1;
    while (j < this.s.length && (isNameChar(this.s.charCodeAt(j)) || (colons && this.s[j] === ":"))) j++;
    return j;
  }

  protected nameStartAt(at: number): boolean {
    return at < this.s.length && isNameStart(this.s.charCodeAt(at));
  }

  /** expat's verdict on a bad character: a token cut short by the end of input is "unclosed". */
  protected invalidOrPartial(at: number, tokenStart: number): never {
    if (at >= this.s.length) this.fail("unclosed token", tokenStart);
    this.invalid(at);
  }

  protected invalid(at: number): never {
    this.fail(INVALID, at);
  }

  /** Throws with expat's position: `\r\n`, `\r` and `\n` end a line; columns count code points. */
  protected fail(reason: string, at: number): never {
    let line = 1;
    let column = 0;
    const s = this.s;
    for (let j = 0; j < at; ) {
      const code = s.charCodeAt(j);
      if (code === 0x0d || code === 0x0a) {
        line++;
        column = 0;
        j += code === 0x0d && s.charCodeAt(j + 1) === 0x0a ? 2 : 1;
        continue;
      }
      column++;
      j += code >= 0xd800 && code <= 0xdbff && j + 1 < at ? 2 : 1;
    }
    throw new XmlParseError(reason, line, column);
  }
}

/**
 * XML whitespace (space, tab, line feed, carriage return).
 *
 * @example
 * isSpace(0x09); // true
 */
export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * XML 1.0's `Char` production, which expat enforces in text and character references.
 *
 * @example
 * isXmlChar(0x01); isXmlChar(0x41); // false, true
 */
export function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code <= 0xd7ff || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
