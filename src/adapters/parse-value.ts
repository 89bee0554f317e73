import { JSONRepairError, jsonrepair } from "jsonrepair";
import { DSPyError } from "../errors/dspy-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { LiteralValue, TypeNode } from "../signatures/type-node.js";
import { markPythonTuple, PyFloat, validateValue } from "../signatures/validate-value.js";
import { pyStr } from "../utils/python-repr.js";
import { isPythonSpace, pyStrip } from "../utils/py-string.js";

/**
 * DSPy's `parse_value(value, annotation)`: turns one output field's raw LM text (or an already
 * decoded JSON value) into a value of the field's type.
 *
 * `str` fields get Python's `str(value)`; enums are looked up by value then name; `Literal`
 * text is stripped and unwrapped (`Literal['a']`, quotes); `str | None` unions validate the
 * raw text; everything else is repaired as JSON the way `json_repair.loads` does, falls back
 * to `ast.literal_eval`, then to the raw text, and is validated as pydantic validates it.
 * Enum fields yield the member's value.
 *
 * @example
 * parseValue("[1, '2']", parseTypeExpression("list[int]")); // [1, 2]
 * parseValue("  'yes' ", parseTypeExpression("Literal['yes', 'no']")); // "yes"
 */
export function parseValue(value: unknown, type: TypeNode): unknown {
  if (type.kind === "str") return pyStr(value);
  if (type.kind === "enum") return findEnumMember(type, value);
  let input = value;
  if (type.kind === "literal") {
    const allowed = type.values.find((candidate) => pyEquals(candidate, input));
    if (allowed !== undefined) return input;
    if (typeof input === "string") {
      let text = pyStrip(input);
      if ((text.startsWith("Literal[") || text.startsWith("str[")) && text.endsWith("]")) {
        text = text.slice(text.indexOf("[") + 1, -1);
      }
      if (text.length > 1 && text[0] === text.at(-1) && (text[0] === '"' || text[0] === "'")) text = text.slice(1, -1);
      if (type.values.includes(text)) return text;
      // Coerce string forms of non-string members (e.g. "2" for Literal[1, 2, 3]) below.
      input = text;
    }
  }
  if (typeof input !== "string") return validateValue(type, input);
  if (type.kind === "union" && type.members.some((m) => m.kind === "none") && type.members.some((m) => m.kind === "str")) {
    return validateValue(type, input);
  }
  let candidate = pyJsonRepairLoads(input);
  if (candidate === "" && input !== "") {
    const evaluated = pyLiteralEval(input);
    candidate = evaluated.ok ? evaluated.value : input;
  }
  try {
    return validateValue(type, candidate);
  } catch (error) {
    // DSPy's own types (Image, ToolCalls, ...) may parse the original text themselves.
    if (!(error instanceof ValidationError) || type.kind !== "special") throw error;
    try {
      return validateValue(type, input);
    } catch {
      throw error;
    }
  }
}

/** DSPy's `find_enum_member`: by value first (Python `==`), then by member name. */
function findEnumMember(type: Extract<TypeNode, { kind: "enum" }>, identifier: unknown): string | number {
  const byValue = type.members.find((member) => pyEquals(member.value, identifier));
  if (byValue) return byValue.value;
  if (typeof identifier === "object" && identifier !== null) {
    // `identifier in enum.__members__` needs a hashable identifier.
    const kind = Array.isArray(identifier) ? "list" : "dict";
    throw new DSPyError(`unhashable type: '${kind}'`, { code: "enum_member_error", pythonType: "TypeError" });
  }
  const byName = type.members.find((member) => member.name === identifier);
  if (byName) return byName.value;
  throw new DSPyError(`${pyStr(identifier)} is not a valid name or value for the enum ${type.name}`, {
    code: "enum_member_error",
    pythonType: "ValueError",
  });
}

/** Python `==` between a literal/enum value and a JSON-like value (`True == 1`). */
function pyEquals(expected: LiteralValue, actual: unknown): boolean {
  const numeric = (value: unknown) => typeof value === "number" || typeof value === "boolean";
  if (numeric(expected) && numeric(actual)) return Number(expected) === Number(actual);
  return expected === actual;
}

// ---------------------------------------------------------------------------------------------
// json_repair.loads
// ---------------------------------------------------------------------------------------------

/**
 * `json_repair.loads(text)` (json_repair 0.64) as far as LM answers need it: valid JSON (with
 * Python's `NaN`/`Infinity`) is decoded as is; otherwise only a `{...}`, `[...]` or a
 * standalone `(...)` tuple found in the text counts — prose, code fences and `#`/`//`
 * comments around it are skipped, and bare words, numbers or `True` yield `""` (json_repair's
 * "nothing found"). The container itself is repaired by the `jsonrepair` package. Several
 * top-level containers become a list, a repeated same-shaped one replacing the previous.
 *
 * @example
 * pyJsonRepairLoads('Sure! ```json\n{"a": True,}\n```'); // { a: true }
 * pyJsonRepairLoads("True"); // ""
 */
export function pyJsonRepairLoads(text: string): unknown {
  const decoded = pythonJsonLoads(text);
  if (decoded.ok) return decoded.value;
  const scanner = new TopLevelScanner(text);
  const first = scanner.element();
  if (scanner.index >= text.length) return first;
  const values: unknown[] = [first];
  while (scanner.index < text.length) {
    const commaSeparated = scanner.nextIsCommaSeparated();
    const value = scanner.element();
    if (pyTruthy(value)) {
      const last = values[values.length - 1];
      // json_repair treats a repeated same-shaped object as an update of the previous one.
      if ((!commaSeparated && sameShape(last, value)) || !pyTruthy(last)) values.pop();
      values.push(value);
    } else {
      scanner.index++;
    }
  }
  return values.length === 1 ? values[0] : values;
}

type Decoded = { ok: true; value: unknown } | { ok: false };

/** Python's `json.loads`: JSON plus the `NaN`, `Infinity` and `-Infinity` constants. */
function pythonJsonLoads(text: string): Decoded {
  try {
    return { ok: true, value: JSON.parse(text, boxFloats) };
  } catch {}
  if (!/NaN|Infinity/.test(text)) return { ok: false };
  const marks = { NaN: "\u0000NaN", Infinity: "\u0000Inf", "-Infinity": "\u0000-Inf" } as const;
  const substituted = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
    token.startsWith('"') ? token : JSON.stringify(marks[token as keyof typeof marks]),
  );
  const constants: Record<string, number> = { "\u0000NaN": Number.NaN, "\u0000Inf": Infinity, "\u0000-Inf": -Infinity };
  try {
    const revive = (key: string, value: unknown, context?: { source?: string }) =>
      typeof value === "string" && value in constants ? constants[value] : boxFloats(key, value, context);
    return { ok: true, value: JSON.parse(substituted, revive) };
  } catch {
    return { ok: false };
  }
}

/**
 * A `JSON.parse` reviver keeping integral floats (`3.0`, `1e3`) as {@link PyFloat}, using the
 * number's source text (Node 22+; older runtimes just give plain numbers).
 */
function boxFloats(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== "number" || !Number.isInteger(value) || context?.source === undefined) return value;
  if (/[.eE]/.test(context.source)) return new PyFloat(value);
  return value === 0 ? 0 : value; // JSON `-0` is the int 0 in Python
}

const QUOTES = new Set(['"', "'", "\u201c", "\u201d"]);

/** json_repair's top-level `parse_json` loop, with `jsonrepair` repairing each container. */
class TopLevelScanner {
  index = 0;
  private checkInitialQuote = true;

  constructor(private readonly text: string) {}

  /** The next top-level value, or `""` when the rest of the text holds none. */
  element(): unknown {
    const text = this.text;
    while (this.index < text.length) {
      const char = text[this.index] as string;
      if (char === "{" || char === "[") {
        this.checkInitialQuote = false; // only the first value may be a brace-less object
        return this.container(this.index, char === "{" ? "}" : "]");
      }
      if (char === "(" && this.parenthesizedCanStart()) return this.parenthesized();
      if (char === "#" || char === "/") {
        this.skipComment();
        continue;
      }
      if (QUOTES.has(char) && this.checkInitialQuote) {
        this.checkInitialQuote = false;
        const braced = this.missingOpeningBrace();
        if (braced.ok) return braced.value;
      }
      this.index++;
    }
    this.checkInitialQuote = false;
    return "";
  }

  nextIsCommaSeparated(): boolean {
    let ahead = this.index;
    while (ahead < this.text.length && isPythonSpace(this.text[ahead] as string)) ahead++;
    if (this.text[ahead] === ",") return true;
    let behind = this.index - 1;
    while (behind >= 0 && isPythonSpace(this.text[behind] as string)) behind--;
    return behind >= 0 && this.text[behind] === ",";
  }

  private container(start: number, close: string): unknown {
    const end = matchingEnd(this.text, start, close);
    this.index = end;
    return repairContainer(this.text.slice(start, end));
  }

  private skipComment(): void {
    const text = this.text;
    if (text[this.index] === "#" || text.startsWith("//", this.index)) {
      while (this.index < text.length && text[this.index] !== "\n" && text[this.index] !== "\r") this.index++;
    } else if (text.startsWith("/*", this.index)) {
      const close = text.indexOf("*/", this.index + 2);
      this.index = close === -1 ? text.length : close + 2;
    } else {
      this.index++;
    }
  }

  /** `_try_parse_missing_opening_object`: `"a": 1}` is an object missing its `{`. */
  private missingOpeningBrace(): Decoded {
    if (pyStrip(this.text.slice(0, this.index)) !== "" || !this.text.trimEnd().endsWith("}")) return { ok: false };
    try {
      const value: unknown = JSON.parse(`{${this.text}`);
      this.index = this.text.length;
      return { ok: true, value };
    } catch {
      return { ok: false };
    }
  }

  /** `top_level_parenthesized_can_start_value`: `(` alone on its line, before a value. */
  private parenthesizedCanStart(): boolean {
    const text = this.text;
    for (let i = this.index - 1; i >= 0 && text[i] !== "\n" && text[i] !== "\r"; i--) {
      if (!isPythonSpace(text[i] as string)) return false;
    }
    let inner = this.index + 1;
    while (inner < text.length && isPythonSpace(text[inner] as string)) inner++;
    const first = text[inner];
    if (first === undefined) return false;
    const word = text.slice(inner, inner + 5).toLowerCase();
    const startsValue =
      "){[(-.".includes(first) ||
      QUOTES.has(first) ||
      /\p{Nd}/u.test(first) ||
      ["true", "null", "none"].includes(word.slice(0, 4)) ||
      word === "false";
    if (!startsValue) return false;
    const end = matchingEnd(text, this.index, ")");
    if (text[end - 1] !== ")") return true;
    const rest = text.slice(end);
    const lineEnd = rest.search(/[\n\r]/);
    return pyStrip(lineEnd === -1 ? rest : rest.slice(0, lineEnd)) === "";
  }

  /** `parse_parenthesized`: a tuple becomes a list; `(x)` is just `x`. */
  private parenthesized(): unknown {
    const start = this.index;
    const end = matchingEnd(this.text, start, ")");
    this.index = end;
    const inner = this.text.slice(start + 1, this.text[end - 1] === ")" ? end - 1 : end);
    const values = repairContainer(`[${inner}]`);
    if (!Array.isArray(values)) return values;
    return isExplicitTuple(inner) || values.length !== 1 ? values : values[0];
  }
}

/**
 * The end (exclusive) of the bracketed value opening at `start`: brackets are counted outside
 * double- and single-quoted strings; an unclosed value runs to the end of the text.
 */
function matchingEnd(text: string, start: number, close: string): number {
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

// A `'` opens a string only where a value or key may start (so "it's" in a bare word does not).
function opensSingleQuote(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isPythonSpace(text[i] as string)) i--;
  return i < 0 || "[{(,:".includes(text[i] as string);
}

function closesSingleQuote(text: string, at: number): boolean {
  let i = at + 1;
  while (i < text.length && isPythonSpace(text[i] as string)) i++;
  return i >= text.length || "]}),:".includes(text[i] as string);
}

/** `parenthesized_is_explicit_tuple`: `()` or a top-level comma inside. */
function isExplicitTuple(inner: string): boolean {
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
    if (QUOTES.has(char)) {
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

/** One container through `jsonrepair`; what it cannot repair counts as nothing found. */
function repairContainer(container: string): unknown {
  const source = alignWithJsonRepair(container);
  const decode = (text: string) => restoreApostrophes(JSON.parse(jsonrepair(text), boxFloats));
  try {
    return decode(source);
  } catch (error) {
    // Trailing junk inside an unbalanced tail: repair what comes before it.
    if (error instanceof JSONRepairError && error.message.startsWith("Unexpected character")) {
      try {
        return decode(source.slice(0, (error as JSONRepairError & { position: number }).position));
      } catch {}
    }
    return "";
  }
}

// Stands in for an apostrophe inside a bare word while `jsonrepair` runs (a private-use char).
const APOSTROPHE = "\ue000";
const BARE_LITERAL = /(true|false|null|none)(?=[\s,)\]}]|$)/iy;

/**
 * Rewrites what `jsonrepair` reads differently from json_repair: an apostrophe inside a bare
 * word (`[It's fine]`) is not a quote, and bare `TRUE`/`NONE` in a value position are
 * literals in any letter case.
 */
function alignWithJsonRepair(source: string): string {
  if (source.includes(APOSTROPHE)) return source;
  let output = "";
  let quote: string | undefined;
  const containers: string[] = [];
  let previous = "";
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (quote !== undefined) {
      output += char;
      if (char === "\\" && i + 1 < source.length) output += source[++i];
      else if (char === quote && (quote === '"' || closesSingleQuote(source, i))) quote = undefined;
      continue;
    }
    if (char === "'" && !opensSingleQuote(source, i)) {
      output += APOSTROPHE;
      previous = char;
      continue;
    }
    const valueStart = previous === ":" || previous === "[" || (previous === "," && containers.at(-1) === "[");
    BARE_LITERAL.lastIndex = i;
    const literal = valueStart ? BARE_LITERAL.exec(source)?.[1] : undefined;
    if (literal !== undefined) {
      const lower = literal.toLowerCase();
      output += lower === "none" ? "null" : lower;
      i += literal.length - 1;
      previous = "t";
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "{" || char === "[") containers.push(char);
    else if (char === "}" || char === "]") containers.pop();
    output += char;
    if (!isPythonSpace(char)) previous = char;
  }
  return output;
}

function restoreApostrophes(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll(APOSTROPHE, "'");
  if (Array.isArray(value)) return value.map(restoreApostrophes);
  if (value !== null && typeof value === "object" && !(value instanceof PyFloat)) {
    const output: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(output, restoreApostrophes(key) as string, { value: restoreApostrophes(item), enumerable: true, writable: true, configurable: true });
    }
    return output;
  }
  return value;
}

function pyTruthy(value: unknown): boolean {
  if (value instanceof PyFloat) return value.value !== 0;
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** json_repair's `ObjectComparer.is_same_object`: same types and the same keys, recursively. */
function sameShape(a: unknown, b: unknown): boolean {
  if (pyTypeName(a) !== pyTypeName(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameShape(item, b[i]));
  if (pyTypeName(a) === "object") {
    const aKeys = Object.keys(a as object);
    const bRecord = b as Record<string, unknown>;
    return (
      aKeys.length === Object.keys(b as object).length &&
      aKeys.every((key) => Object.hasOwn(bRecord, key) && sameShape((a as Record<string, unknown>)[key], bRecord[key]))
    );
  }
  return true;
}

function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (value instanceof PyFloat) return "float";
  if (Array.isArray(value)) return "list";
  return typeof value;
}

/** Equality of hashable Python constants (`1 == 1.0 == True`), for set de-duplication. */
function pyHashEquals(a: unknown, b: unknown): boolean {
  const number = (value: unknown) =>
    typeof value === "number" || typeof value === "boolean" ? Number(value) : value instanceof PyFloat ? value.value : undefined;
  const [x, y] = [number(a), number(b)];
  return x !== undefined && y !== undefined ? x === y : a === b;
}

// ---------------------------------------------------------------------------------------------
// ast.literal_eval
// ---------------------------------------------------------------------------------------------

/** A parsed Python expression, reduced to what `ast.literal_eval` may accept. */
type PyNode =
  | { kind: "const"; value: unknown; pyType: "int" | "float" | "str" | "bool" | "none" }
  | { kind: "tuple" | "list" | "set"; items: PyNode[] }
  | { kind: "dict"; keys: PyNode[]; values: PyNode[] }
  | { kind: "negate" | "plus"; operand: PyNode };

/** Raised inside the literal parser for anything Python would reject (or we do not model). */
class Unsupported {}

/**
 * Python's `ast.literal_eval(text)` for the literals LMs write: strings (all quote forms,
 * prefixes `r`/`u`, escapes, implicit concatenation), ints (`1_000`, `0x1f`), floats, signed
 * numbers, `True`/`False`/`None`, lists, tuples (arrays marked as tuples), dicts and sets (as
 * de-duplicated arrays), with comments and bracketed line breaks. Returns `{ ok: false }` where
 * Python raises — and also for bytes, complex numbers, `Ellipsis` and `\N{...}` escapes.
 *
 * @example
 * pyLiteralEval("(1, 'a')"); // { ok: true, value: [1, "a"] } (a tuple)
 * pyLiteralEval("007");      // { ok: false }
 */
export function pyLiteralEval(text: string): Decoded {
  try {
    // Python's tokenizer reads `\r\n` and `\r` as `\n`.
    const parser = new LiteralParser(text.replace(/^[ \t]+/, "").replace(/\r\n?/g, "\n"));
    return { ok: true, value: convert(parser.parseTop()) };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false };
    throw error;
  }
}

function convert(node: PyNode): unknown {
  switch (node.kind) {
    case "const":
      return node.value;
    case "list":
      return node.items.map(convert);
    case "tuple":
      return markPythonTuple(node.items.map(convert));
    case "set": {
      const items: unknown[] = [];
      for (const item of node.items.map(convert)) {
        if (typeof item === "object" && item !== null) throw new Unsupported(); // unhashable
        if (!items.some((seen) => pyHashEquals(seen, item))) items.push(item);
      }
      return items;
    }
    case "dict": {
      const output: Record<string, unknown> = {};
      node.keys.forEach((key, index) => {
        const value = convert(key);
        if (typeof value === "object" && value !== null) throw new Unsupported();
        Object.defineProperty(output, pyStr(value), { value: convert(node.values[index] as PyNode), enumerable: true, writable: true, configurable: true });
      });
      return output;
    }
    case "negate":
    case "plus": {
      const operand = node.operand;
      if (operand.kind !== "const" || (operand.pyType !== "int" && operand.pyType !== "float")) throw new Unsupported();
      if (node.kind === "plus") return operand.value;
      if (operand.value instanceof PyFloat) return new PyFloat(-operand.value.value);
      const number = operand.value as number;
      return operand.pyType === "int" && number === 0 ? 0 : -number;
    }
  }
}

const NUMBER_PATTERNS: [RegExp, "int" | "float", number][] = [
  [/0[xX](?:_?[0-9a-fA-F])+/y, "int", 16],
  [/0[oO](?:_?[0-7])+/y, "int", 8],
  [/0[bB](?:_?[01])+/y, "int", 2],
  [/(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.)(?:[eE][+-]?[0-9](?:_?[0-9])*)?|[0-9](?:_?[0-9])*[eE][+-]?[0-9](?:_?[0-9])*/y, "float", 10],
  [/[1-9](?:_?[0-9])*|0+(?:_?0)*/y, "int", 10],
];
const IDENTIFIER_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
const STRING_PREFIX = /^(?:[rRuU]|[fFbB]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;

class LiteralParser {
  private index = 0;
  private depth = 0;
  private sawToken = false;

  constructor(private readonly text: string) {}

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
      return { kind: "const", value: pyType === "float" && Number.isInteger(value) ? new PyFloat(value) : value, pyType };
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

const SIMPLE_ESCAPES: Record<string, string> = { "\n": "", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** Python's escape processing for a non-raw string literal body. */
function unescapePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{0,2}|u[0-9a-fA-F]{0,4}|U[0-9a-fA-F]{0,8}|[0-7]{1,3}|N|[\s\S])/g, (whole, code: string) => {
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
  });
}
