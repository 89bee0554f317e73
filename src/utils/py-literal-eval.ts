import type { Decoded } from "./decoded.js";
import { PyFloat } from "./py-float.js";
import { LiteralParser, type PyNode, Unsupported } from "./py-literal-parser.js";
import { markPythonTuple } from "./py-tuple.js";
import { pyStr } from "./python-repr.js";

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
        Object.defineProperty(output, pyStr(value), {
          value: convert(node.values[index] as PyNode),
          enumerable: true,
          writable: true,
          configurable: true,
        });
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

/** Equality of hashable Python constants (`1 == 1.0 == True`), for set de-duplication. */
function pyHashEquals(a: unknown, b: unknown): boolean {
  const number = (value: unknown) =>
    typeof value === "number" || typeof value === "boolean"
      ? Number(value)
      : value instanceof PyFloat
        ? value.value
        : undefined;
  const [x, y] = [number(a), number(b)];
  return x !== undefined && y !== undefined ? x === y : a === b;
}
