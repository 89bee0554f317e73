/**
 * `orjson.dumps(value, option=OPT_SORT_KEYS)` as Python DSPy uses it for cache keys: compact
 * separators, keys sorted by code point at every depth, raw UTF-8 for non-ASCII, and orjson's own
 * float format (`2.0`, `1e-6`, `1e+16`), which differs from both `JSON.stringify` and `repr()`.
 *
 * JavaScript has one number type, so the caller says which numbers are Python floats:
 * `floatKeys` names object keys whose integral values print as floats (`temperature: 0` → `0.0`).
 * Non-integral numbers always print as floats; other integral numbers print as ints.
 */

/** Options for {@link orjsonDumps}. */
export interface OrjsonDumpsOptions {
  /** Keys (at any depth) whose numeric values are Python floats even when integral. */
  floatKeys?: ReadonlySet<string>;
}

/**
 * Serializes a JSON-like value exactly as `orjson.dumps(value, option=orjson.OPT_SORT_KEYS)`.
 *
 * @example
 * orjsonDumps({ b: 1, a: [0.5, "é"] });                                     // '{"a":[0.5,"é"],"b":1}'
 * orjsonDumps({ temperature: 0 }, { floatKeys: new Set(["temperature"]) }); // '{"temperature":0.0}'
 */
export function orjsonDumps(value: unknown, options: OrjsonDumpsOptions = {}): string {
  return dump(value, false, options.floatKeys ?? new Set());
}

// Built with string appends and index loops: this runs over every message of every cached LM
// call, and the entries/filter/sort/map version cost ~5× JSON.stringify.
function dump(value: unknown, asFloat: boolean, floatKeys: ReadonlySet<string>): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return orjsonNumber(value, asFloat);
  if (typeof value === "bigint") return value.toString();
  // JSON.stringify's string escaping is orjson's: \" \\ \b \f \n \r \t, other controls as \u00xx.
  if (typeof value === "string") return value.length < MEMO_MIN_LENGTH ? JSON.stringify(value) : escapedLong(value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) out += ",";
      out += dump(value[index], asFloat, floatKeys);
    }
    return `${out}]`;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2) {
      if (compareCodePoints(keys[0] as string, keys[1] as string) > 0) keys.reverse();
    } else if (keys.length > 2) {
      // The default sort (UTF-16 units) is code point order unless a key has a unit ≥ U+D800.
      if (keys.some(hasHighUnit)) keys.sort(compareCodePoints);
      else keys.sort();
    }
    let out = "{";
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      if (out.length > 1) out += ",";
      out += `${escapedKey(key)}:${dump(item, floatKeys.has(key), floatKeys)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(String(value));
}

// Cache keys hash the same long strings call after call (the system message and the demo
// messages are the same string instances, memoized upstream), so their escaped form is kept in a
// small bounded memo; V8 caches a string's hash, so a lookup by the same instance is cheap. The
// memo holds only pure results of JSON.stringify, so nothing observable depends on its state.
const MEMO_MIN_LENGTH = 128;
const MEMO_MAX_ENTRIES = 256;
const escapedMemo = new Map<string, string>();

function escapedLong(value: string): string {
  let escaped = escapedMemo.get(value);
  if (escaped === undefined) {
    escaped = JSON.stringify(value);
    if (escapedMemo.size >= MEMO_MAX_ENTRIES) escapedMemo.clear();
    escapedMemo.set(value, escaped);
  }
  return escaped;
}

// Object keys repeat on every call ("role", "content", "messages", ...), so theirs are kept too.
const keyMemo = new Map<string, string>();

function escapedKey(key: string): string {
  let escaped = keyMemo.get(key);
  if (escaped === undefined) {
    escaped = JSON.stringify(key);
    if (keyMemo.size >= MEMO_MAX_ENTRIES) keyMemo.clear();
    keyMemo.set(key, escaped);
  }
  return escaped;
}

/**
 * A number as orjson writes it: ints plainly; floats with shortest round-trip digits, positional
 * for decimal exponents -5..15 (with `.0` when integral), otherwise `d.ddde±x`. NaN and
 * infinities become `null`, as orjson writes them.
 *
 * @example
 * orjsonNumber(1e-6, true); // "1e-6"
 * orjsonNumber(3, true);    // "3.0"
 */
export function orjsonNumber(value: number, asFloat: boolean): string {
  if (!Number.isFinite(value)) return "null";
  if (Number.isInteger(value) && !asFloat) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (exponent < -5 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? "-" : "+"}${Math.abs(exponent)}`;
  }
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (digits.length <= point) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Orders strings by Unicode code point (Rust's `str` order), not UTF-16 unit like `<`. The two
 * differ only where a surrogate (a code point above U+FFFF) meets a unit in U+E000–U+FFFF, so
 * those units are moved into code point order before comparing.
 */
function compareCodePoints(left: string, right: string): number {
  const shared = Math.min(left.length, right.length);
  for (let index = 0; index < shared; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) return codePointRank(a) - codePointRank(b);
  }
  return left.length - right.length;
}

function hasHighUnit(key: string): boolean {
  for (let index = 0; index < key.length; index++) if (key.charCodeAt(index) >= 0xd800) return true;
  return false;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}
