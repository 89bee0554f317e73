import { PyFloat } from "./py-float.js";
import { pyJsonLoads } from "./py-json-loads.js";
import { TopLevelScanner } from "./py-json-repair-scanner.js";

/**
 * `json_repair.loads(text)` (json_repair 0.64) as far as LM answers need it: valid JSON (with
 * Python's `NaN`/`Infinity`) is decoded as is; otherwise only a `{...}`, `[...]` or a
 * standalone `(...)` tuple found in the text counts — prose, code fences and `#`/`//`
 * comments around it are skipped, and bare words, numbers or `True` yield `""` (json_repair's
 * "nothing found"). The container itself is repaired by the `jsonrepair` package. Several
 * top-level containers become a list, a repeated same-shaped one replacing the previous.
 * Integral floats (`3.0`) come back as {@link PyFloat}.
 *
 * @example
 * pyJsonRepairLoads('Sure! ```json\n{"a": True,}\n```'); // { a: true }
 * pyJsonRepairLoads("True"); // ""
 */
export function pyJsonRepairLoads(text: string): unknown {
  const decoded = pyJsonLoads(text);
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
