import { SignatureError } from "../errors/signature-error.js";

/** A token of the small Python subset a signature string may contain. */
export type Token =
  | { kind: "name"; text: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "op"; text: string }
  | { kind: "end" };

const PYTHON_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);

/** Python keywords that may appear as values (`None`, `True`, `False`), not as names. */
export function isKeyword(name: string): boolean {
  return PYTHON_KEYWORDS.has(name);
}

const OPERATORS = ["...", "->", "**", "[", "]", "(", ")", ",", ":", "|", ".", "=", "*", "/"];

/**
 * Splits one side of a signature (a Python parameter list) into tokens. Anything outside the
 * subset DSPy's `ast.parse` would accept for it raises the `SyntaxError` Python raises.
 *
 * @example
 * tokenize("question: list[str]");
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === " " || char === "\t" || char === "\f") {
      index++;
      continue;
    }
    const name = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]*/u.exec(source.slice(index));
    if (name) {
      tokens.push({ kind: "name", text: name[0].normalize("NFKC") });
      index += name[0].length;
      continue;
    }
    const number = /^(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/.exec(source.slice(index));
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0].replaceAll("_", "")) });
      index += number[0].length;
      continue;
    }
    if (char === "'" || char === '"') {
      const [value, next] = readString(source, index);
      tokens.push({ kind: "string", value });
      index = next;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (!op) throw syntaxError();
    tokens.push({ kind: "op", text: op });
    index += op.length;
  }
  tokens.push({ kind: "end" });
  return tokens;
}

function readString(source: string, start: number): [string, number] {
  const quote = source[start] as string;
  let value = "";
  let index = start + 1;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === quote) return [value, index + 1];
    if (char === "\n") break;
    if (char === "\\") {
      const next = source[index + 1] ?? "";
      const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
      value += escapes[next] ?? `\\${next}`;
      index += 2;
      continue;
    }
    value += char;
    index++;
  }
  throw syntaxError();
}

/** The error CPython's parser raises for a malformed parameter list. */
export function syntaxError(): SignatureError {
  return new SignatureError("invalid syntax (<unknown>, line 1)", { pythonType: "SyntaxError" });
}
