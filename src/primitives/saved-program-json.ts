import { ProgramStateError } from "../errors/program-state-error.js";
import { orjsonNumber } from "../utils/orjson-dumps.js";
import { isPlainObject } from "../utils/plain-object.js";
import { PyFloat } from "../utils/py-float.js";
import { CustomType } from "./custom-type.js";
import { Example } from "./example.js";
import { History } from "./history.js";

/**
 * The bytes DSPy 3.4.1 writes for `program.save("x.json")`:
 * `orjson.dumps(state, option=OPT_INDENT_2 | OPT_APPEND_NEWLINE)` — two-space indent, `"key": value`,
 * compact `[]`/`{}`, raw UTF-8, keys in insertion order, orjson's float format (`1e-7`, not
 * Python `json`'s `1e-07`) and one trailing newline.
 *
 * Values pass through DSPy's `serialize_object` first, so demos holding rich values save as DSPy
 * saves them: a custom type (`Image`) as its marker string, a `History` as `{"messages": [...]}`,
 * an `Example` as its fields, a tuple as a list. Anything else that is not JSON-like is refused
 * (DSPy raises `RuntimeError` for a non-serializable state).
 *
 * JavaScript numbers cannot tell `1.0` from `1`: an integral number is written as an int, unless
 * it is a boxed {@link PyFloat} or `-0`.
 *
 * @example
 * savedProgramJson({ predict: { demos: [], lm: null } });
 * // '{\n  "predict": {\n    "demos": [],\n    "lm": null\n  }\n}\n'
 */
export function savedProgramJson(state: Record<string, unknown>): string {
  return `${write(state, "", "")}\n`;
}

function write(value: unknown, indent: string, path: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  // -0 can only be a Python float; orjson writes it as -0.0.
  if (typeof value === "number") return orjsonNumber(value, Object.is(value, -0));
  if (value instanceof PyFloat) return orjsonNumber(value.value, true);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return writeString(value, path);
  if (value instanceof CustomType) return writeString(value.serialize(), path);
  if (value instanceof History) return write({ messages: value.messages }, indent, path);
  if (value instanceof Example) return write(value.toDict(), indent, path);
  if (Array.isArray(value)) {
    return block(
      "[",
      "]",
      value.map((item, index) => (inner) => write(item, inner, `${path}[${index}]`)),
      indent,
    );
  }
  if (isPlainObject(value)) {
    // orjson has no `undefined`; dropping the key is what JSON.stringify does too.
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return block(
      "{",
      "}",
      entries.map(
        ([key, item]) =>
          (inner) =>
            `${writeString(key, path)}: ${write(item, inner, joinPath(path, key))}`,
      ),
      indent,
    );
  }
  const kind = typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
  throw new ProgramStateError(
    `Cannot save the program as JSON: the value at '${path || "<root>"}' is a ${kind}, which is not JSON-serializable.`,
    { field: path, pythonType: "RuntimeError" },
  );
}

function block(open: string, close: string, items: ((indent: string) => string)[], indent: string): string {
  if (items.length === 0) return `${open}${close}`;
  const inner = `${indent}  `;
  return `${open}\n${inner}${items.map((item) => item(inner)).join(`,\n${inner}`)}\n${indent}${close}`;
}

// A lone surrogate cannot be encoded as UTF-8; orjson refuses it rather than writing `\udXXX`.
const LONE_SURROGATE = /\p{Cs}/u;

function writeString(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new ProgramStateError(
      `Cannot save the program as JSON: the string at '${path || "<root>"}' has a lone UTF-16 surrogate.`,
      { field: path, pythonType: "RuntimeError" },
    );
  }
  // JSON.stringify escapes exactly orjson's set: " \ \b \f \n \r \t, other controls as \u00xx.
  return JSON.stringify(text);
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
