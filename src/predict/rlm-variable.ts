import { serializeForJson } from "../adapters/serialize-for-json.js";
import type { Field } from "../signatures/field.js";
import { pyJsonDumps, pyStr } from "../utils/python-repr.js";

/**
 * DSPy's `REPLVariable`: what RLM tells the LM about one input variable in the REPL — its name,
 * Python type name, description, total length and a head-and-tail preview.
 *
 * @example
 * REPLVariable.fromValue("context", "some long text").format();
 * // "Variable: `context` (access it in your code)\nType: str\nTotal length: 14 characters\nPreview:\n```\nsome long text\n```"
 */
export class REPLVariable {
  constructor(
    readonly name: string,
    readonly typeName: string,
    readonly desc: string,
    readonly constraints: string,
    readonly totalLength: number,
    readonly preview: string,
  ) {}

  /**
   * Describes a value the way DSPy's `REPLVariable.from_value` does: dicts and lists as
   * indented JSON (`json.dumps(..., indent=2)`, ASCII-escaped), other values as Python's
   * `str()`; longer than `previewChars` characters, the preview keeps the head and the tail.
   *
   * @example
   * REPLVariable.fromValue("numbers", [1, 2]).typeName; // "list"
   */
  static fromValue(name: string, value: unknown, field?: Field, previewChars = 1000): REPLVariable {
    const jsonable = serializeForJson(value);
    const text =
      jsonable !== null && typeof jsonable === "object"
        ? asciiEscape(pyJsonDumps(jsonable, { indent: 2 }))
        : pyStr(jsonable);
    const chars = [...text];
    let preview = text;
    if (chars.length > previewChars) {
      const head = Math.floor(previewChars / 2);
      const tail = previewChars > 0 ? previewChars - head : head;
      preview = `${chars.slice(0, head).join("")}...${tail > 0 ? chars.slice(-tail).join("") : chars.join("")}`;
    }
    // DSPy skips the `${name}` placeholder description a field gets by default.
    const desc = field?.desc && !field.desc.startsWith("${") ? field.desc : "";
    return new REPLVariable(name, pythonTypeName(value), desc, "", chars.length, preview);
  }

  /** The variable's prompt text (DSPy's `REPLVariable.format`). */
  format(): string {
    const lines = [`Variable: \`${this.name}\` (access it in your code)`, `Type: ${this.typeName}`];
    if (this.desc) lines.push(`Description: ${this.desc}`);
    if (this.constraints) lines.push(`Constraints: ${this.constraints}`);
    lines.push(`Total length: ${this.totalLength.toLocaleString("en-US")} characters`);
    lines.push(`Preview:\n\`\`\`\n${this.preview}\n\`\`\``);
    return lines.join("\n");
  }

  /** Serialises as its prompt text, as DSPy's model serializer does. */
  toJSON(): string {
    return this.format();
  }
}

/**
 * Python's `type(value).__name__` for a value as JavaScript holds it.
 *
 * @example
 * pythonTypeName(1.5); // "float"
 */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (Array.isArray(value)) return "list";
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return "dict";
  return (value as object).constructor?.name ?? "object";
}

// `json.dumps` escapes non-ASCII by default (`ensure_ascii=True`).
function asciiEscape(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
