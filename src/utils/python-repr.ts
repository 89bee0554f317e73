/**
 * Python's text forms of JSON-like values: `repr()`, `str()` and `json.dumps(...,
 * ensure_ascii=False)`. DSPy puts these in prompts, so they must match byte for byte.
 *
 * JavaScript has one number type: an integral number is printed as a Python `int`, any other as
 * a Python `float` (shortest round-trip digits, Python's exponent rules).
 */

/**
 * Python's `repr(float)`.
 *
 * @example
 * floatRepr(1e-7); // "1e-07"
 * floatRepr(2);    // "2.0"
 */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (digits.length <= point) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A number as Python prints it: integral numbers as `int`, others as `float`.
 *
 * @example
 * numberRepr(3); numberRepr(0.5); // "3", "0.5"
 */
export function numberRepr(value: number): string {
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return floatRepr(value);
}

/**
 * Python's `repr()` of a JSON-like value: `'text'`, `True`, `None`, `[1, 'a']`, `{'k': 1.5}`.
 *
 * @example
 * pyRepr({ a: [true, null] }); // "{'a': [True, None]}"
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return numberRepr(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, item]) => `${stringRepr(key)}: ${pyRepr(item)}`).join(", ")}}`;
  }
  return String(value);
}

/**
 * Python's `str()`: strings as they are, everything else as {@link pyRepr}.
 *
 * @example
 * pyStr("hi"); pyStr(false); // "hi", "False"
 */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** Options for {@link pyJsonDumps}. */
export interface JsonDumpsOptions {
  /** Python's `indent`; absent means one line with `", "` and `": "` separators. */
  indent?: number;
}

/**
 * Python's `json.dumps(value, ensure_ascii=False)`: `", "`/`": "` separators, raw non-ASCII,
 * Python float repr, `NaN`/`Infinity` literals; with `indent`, Python's pretty layout.
 *
 * @example
 * pyJsonDumps({ a: 1.5, b: "é" });          // '{"a": 1.5, "b": "é"}'
 * pyJsonDumps([1], { indent: 2 });          // '[\n  1\n]'
 */
export function pyJsonDumps(value: unknown, options: JsonDumpsOptions = {}): string {
  return dump(value, options.indent, "");
}

function dump(value: unknown, indent: number | undefined, current: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return numberRepr(value);
  }
  if (typeof value === "string") return jsonString(value);
  const isArray = Array.isArray(value);
  const items: [string | undefined, unknown][] = isArray
    ? (value as unknown[]).map((item) => [undefined, item])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return `${open}${close}`;
  const inner = indent === undefined ? current : current + " ".repeat(indent);
  const parts = items.map(([key, item]) => {
    const rendered = dump(item, indent, inner);
    return key === undefined ? rendered : `${jsonString(key)}: ${rendered}`;
  });
  if (indent === undefined) return `${open}${parts.join(", ")}${close}`;
  return `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${current}${close}`;
}

/** A JSON string literal as Python's encoder writes it with `ensure_ascii=False`. */
function jsonString(text: string): string {
  // JSON.stringify escapes exactly Python's set (", \, controls as \b \f \n \r \t or \u00xx).
  return JSON.stringify(text);
}

function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (isPrintable(char)) out += char;
    else out += escapeCodePoint(char.codePointAt(0) as number);
  }
  return out + quote;
}

function escapeCodePoint(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

// Python's str.isprintable(): not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other than space.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function isPrintable(char: string): boolean {
  return char === " " || !NON_PRINTABLE.test(char);
}
