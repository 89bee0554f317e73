import { PyFloat } from "./py-float.js";

/**
 * A parsed Python expression, reduced to what `ast.literal_eval` may accept.
 *
 * @example
 * const node: PyNode = { kind: "negate", operand: { kind: "const", value: 1, pyType: "int" } }; // -1
 */
export type PyNode =
  | { kind: "const"; value: unknown; pyType: "int" | "float" | "str" | "bool" | "none" }
  | { kind: "tuple" | "list" | "set"; items: PyNode[] }
  | { kind: "dict"; keys: PyNode[]; values: PyNode[] }
  | { kind: "negate" | "plus"; operand: PyNode };

/**
 * Thrown by the literal parser for anything Python would reject (or that is not modelled).
 *
 * @example
 * try { new LiteralParser("1 + 1").parseTop(); } catch (error) { error instanceof Unsupported; } // true
 */
export class Unsupported {}

// A word right before a quote (curly ones too) is tried as a string prefix (`r'x'`), not a name.
const QUOTES = new Set(['"', "'", "\u201c", "\u201d"]);

const NUMBER_PATTERNS: [RegExp, "int" | "float", number][] = [
  [/0[xX](?:_?[0-9a-fA-F])+/y, "int", 16],
  [/0[oO](?:_?[0-7])+/y, "int", 8],
  [/0[bB](?:_?[01])+/y, "int", 2],
  [
    /(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.)(?:[eE][+-]?[0-9](?:_?[0-9])*)?|[0-9](?:_?[0-9])*[eE][+-]?[0-9](?:_?[0-9])*/y,
    "float",
    10,
  ],
  [/[1-9](?:_?[0-9])*|0+(?:_?0)*/y, "int", 10],
];
const IDENTIFIER_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
const STRING_PREFIX = /^(?:[rRuU]|[fFbB]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;

/**
 * The parser behind `pyLiteralEval`: Python's tokenizer and expression grammar, restricted to
 * literals. Throws {@link Unsupported} where Python raises (or for what is not modelled).
 *
 * @example
 * new LiteralParser("(1, 'a')").parseTop(); // { kind: "tuple", items: [...] }
 */
export class LiteralParser {
  private index = 0;
  private depth = 0;
  private sawToken = false;

  constructor(private readonly text: string) {}

  /** The whole text as one expression (a bare `1, 2` being a tuple); trailing text is rejected. */
  parseTop(): PyNode {
    const first = this.expression();
    let node = first;
    if (this.peek() === ",") {
      const items = [first];
      while (this.eat(",")) {
        if (this.peek() === "" || this.peek() === "\n") break;
        items.push(this.expression());
      }
      node = { kind: "tuple", items };
    }
    while (this.peek() === "\n") this.index++;
    if (this.peek() !== "") throw new Unsupported();
    return node;
  }

  private expression(): PyNode {
    const next = this.peek();
    if (next === "-" || next === "+") {
      this.index++;
      return { kind: next === "-" ? "negate" : "plus", operand: this.expression() };
    }
    const node = this.atom();
    // Any binary operator, call, subscript, comparison... is not a literal (or not one we model).
    if (!["", "\n", ",", ":", ")", "]", "}"].includes(this.peek())) throw new Unsupported();
    return node;
  }

  private atom(): PyNode {
    const next = this.peek();
    if (next === "(") return this.bracketed("(", ")");
    if (next === "[") return this.bracketed("[", "]");
    if (next === "{") return this.braces();
    const start = this.index;
    for (const [pattern, pyType, radix] of NUMBER_PATTERNS) {
      pattern.lastIndex = start;
      const match = pattern.exec(this.text);
      if (!match) continue;
      this.index = start + match[0].length;
      if (IDENTIFIER_CHAR.test(this.text[this.index] ?? "") || this.text[this.index] === "_") throw new Unsupported();
      const digits = match[0].replaceAll("_", "");
      const value = radix === 10 ? Number(digits) : Number.parseInt(digits.slice(2), radix);
      return {
        kind: "const",
        value: pyType === "float" && Number.isInteger(value) ? new PyFloat(value) : value,
        pyType,
      };
    }
    const word = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
    word.lastIndex = start;
    const name = word.exec(this.text)?.[0];
    if (name !== undefined && !QUOTES.has(this.text[start + name.length] ?? "")) {
      this.index = start + name.length;
      if (name === "True" || name === "False") return { kind: "const", value: name === "True", pyType: "bool" };
      if (name === "None") return { kind: "const", value: null, pyType: "none" };
      throw new Unsupported();
    }
    let value = "";
    let any = false;
    while (this.peek() === "'" || this.peek() === '"' || this.atStringPrefix()) {
      value += this.string();
      any = true;
    }
    if (!any) throw new Unsupported();
    return { kind: "const", value, pyType: "str" };
  }

  private atStringPrefix(): boolean {
    const match = /[A-Za-z]{1,2}(?=['"])/y;
    match.lastIndex = this.index;
    const prefix = match.exec(this.text)?.[0];
    return prefix !== undefined && STRING_PREFIX.test(prefix);
  }

  private bracketed(open: string, close: string): PyNode {
    this.index++;
    this.depth++;
    const items: PyNode[] = [];
    let comma = false;
    while (this.peek() !== close) {
      items.push(this.expression());
      comma = this.eat(",");
      if (!comma && this.peek() !== close) throw new Unsupported();
    }
    this.index++;
    this.depth--;
    if (open === "[") return { kind: "list", items };
    return items.length === 1 && !comma ? (items[0] as PyNode) : { kind: "tuple", items };
  }

  private braces(): PyNode {
    this.index++;
    this.depth++;
    const keys: PyNode[] = [];
    const values: PyNode[] = [];
    let isDict: boolean | undefined;
    while (this.peek() !== "}") {
      keys.push(this.expression());
      const colon = this.eat(":");
      if (isDict !== undefined && isDict !== colon) throw new Unsupported();
      isDict = colon;
      if (colon) values.push(this.expression());
      if (!this.eat(",") && this.peek() !== "}") throw new Unsupported();
    }
    this.index++;
    this.depth--;
    return isDict === false ? { kind: "set", items: keys } : { kind: "dict", keys, values };
  }

  private string(): string {
    const prefixMatch = /[A-Za-z]*/y;
    prefixMatch.lastIndex = this.index;
    const prefix = (prefixMatch.exec(this.text)?.[0] ?? "").toLowerCase();
    // Bytes and f-strings are not str constants.
    if (prefix.includes("b") || prefix.includes("f")) throw new Unsupported();
    const raw = prefix.includes("r");
    this.index += prefix.length;
    const quote = this.text[this.index] as string;
    const triple = this.text.startsWith(quote.repeat(3), this.index);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.index += delimiter.length;
    let body = "";
    for (;;) {
      if (this.index >= this.text.length) throw new Unsupported();
      if (this.text.startsWith(delimiter, this.index)) break;
      const char = this.text[this.index] as string;
      if (!triple && char === "\n") throw new Unsupported();
      if (char === "\\") {
        const next = this.text[this.index + 1];
        if (next === undefined) throw new Unsupported();
        body += char + next;
        this.index += 2;
      } else {
        body += char;
        this.index++;
      }
    }
    this.index += delimiter.length;
    return raw ? body : unescapePython(body);
  }

  private eat(token: string): boolean {
    if (this.peek() !== token) return false;
    this.index++;
    return true;
  }

  /**
   * The next significant character, after spaces, comments, line continuations and (inside
   * brackets) line breaks; `"\n"` for a line break outside brackets, `""` at the end.
   */
  private peek(): string {
    const text = this.text;
    for (;;) {
      const char = text[this.index];
      if (char === undefined) return "";
      if (char === " " || char === "\t" || char === "\f") this.index++;
      else if (char === "#") {
        while (this.index < text.length && text[this.index] !== "\n") this.index++;
      } else if (char === "\\" && text[this.index + 1] === "\n") {
        this.index += 2;
      } else if (char === "\n") {
        if (this.depth === 0 && this.sawToken) return "\n";
        this.index++;
        // A blank line before the expression is skipped; an indented first line is an error.
        if (this.depth === 0 && /^[ \t\f]+[^ \t\f\n#]/.test(text.slice(this.index))) throw new Unsupported();
      } else {
        this.sawToken = true;
        return char;
      }
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\n": "",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Python's escape processing for a non-raw string literal body. */
function unescapePython(body: string): string {
  return body.replace(
    /\\(x[0-9a-fA-F]{0,2}|u[0-9a-fA-F]{0,4}|U[0-9a-fA-F]{0,8}|[0-7]{1,3}|N|[\s\S])/g,
    (whole, code: string) => {
      const simple = SIMPLE_ESCAPES[code];
      if (simple !== undefined) return simple;
      const kind = code[0] as string;
      if (/[0-7]/.test(kind)) return String.fromCodePoint(Number.parseInt(code, 8));
      const width = { x: 2, u: 4, U: 8 }[kind];
      if (width !== undefined) {
        if (code.length !== width + 1) throw new Unsupported();
        const point = Number.parseInt(code.slice(1), 16);
        if (point > 0x10ffff) throw new Unsupported();
        return String.fromCodePoint(point);
      }
      if (kind === "N") throw new Unsupported();
      return whole; // unknown escapes keep their backslash
    },
  );
}
