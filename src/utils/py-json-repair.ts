import { pyJsonLoads } from "./py-json-loads.js";
import { JsonRepairParser } from "./py-json-repair-parser.js";

/**
 * `json_repair.loads(text)` (json_repair 0.64.6): valid JSON (with Python's `NaN`/`Infinity`)
 * is decoded as is; anything else goes through a port of json_repair's repairing parser
 * (`JsonRepairParser`), which skips prose, code fences and comments, reads `{...}`, `[...]`
 * and standalone `(...)` tuples, and repairs quotes, literals and brackets inside them. Bare
 * words, numbers or `True` at the top level yield `""` (json_repair's "nothing found").
 * Several top-level values become a list, a repeated same-shaped one replacing the previous.
 * Integral floats (`3.0`) come back as {@link PyFloat}.
 *
 * @example
 * pyJsonRepairLoads('Sure! ```json\n{"a": True,}\n```'); // { a: true }
 * pyJsonRepairLoads("True"); // ""
 */
export function pyJsonRepairLoads(text: string): unknown {
  const decoded = pyJsonLoads(text);
  if (decoded.ok) return decoded.value;
  return new JsonRepairParser(text).parse();
}
