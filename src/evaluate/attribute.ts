import { DSPyError } from "../errors/dspy-error.js";
import type { Example } from "../primitives/example.js";

/**
 * Reads a field the way DSPy's metrics read `example.answer` or `pred.context`: a missing field
 * raises Python's `AttributeError` text instead of silently yielding `undefined`, so a metric
 * pointed at the wrong field fails (and counts as an error in Evaluate) exactly as in DSPy.
 *
 * @example
 * attribute(new Example({ answer: "4" }), "answer"); // "4"
 * attribute(new Example({}), "answer"); // throws "'Example' object has no attribute 'answer'"
 */
export function attribute(record: Example, name: string): unknown {
  if (record.has(name)) return record.get(name);
  throw new DSPyError(`'${record.constructor.name}' object has no attribute '${name}'`, {
    code: "attribute_error",
    pythonType: "AttributeError",
  });
}
