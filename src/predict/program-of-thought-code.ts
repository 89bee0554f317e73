import { CodeExecutionError } from "../errors/code-interpreter-errors.js";
import { type CodeInterpreter, FinalOutput } from "../primitives/code-interpreter.js";
import { formatErrorForLm } from "../utils/format-error-for-lm.js";
import { pyStrip } from "../utils/py-string.js";
import { pyJsonDumps } from "../utils/python-repr.js";

/** What {@link parseGeneratedCode} and {@link executeGeneratedCode} give: a value or the error text for the LM. */
export type CodeStep = [value: string | null, error: string | null];

const FENCED = /```python[ \n]([\s\S]*?)[ \n]```?/;
const ASSIGNMENT = /^([\p{L}\p{N}_]+)\s*=/u;

/**
 * DSPy's `ProgramOfThought._parse_code`: the code from an LM's `generated_code` — cut at `---`
 * or two blank lines, taken from a ```` ```python ```` fence when there is one, and ending with
 * the name of a trailing assignment so its value is shown. Returns `[code, null]` or
 * `[rawText, errorMessage]`.
 *
 * @example
 * parseGeneratedCode("```python\nx = 6 * 7\n```"); // ["x = 6 * 7\nx", null]
 */
export function parseGeneratedCode(generated: unknown): CodeStep {
  const text = typeof generated === "string" ? generated : generated == null ? "" : String(generated);
  const code = text.split("---")[0]?.split("\n\n\n")[0] ?? "";
  const match = FENCED.exec(code);
  let block = match ? (match[1] ?? "") : code;
  if (!block) return [code, "Error: Empty code after parsing."];
  if (!block.includes("\n") && block.split("=").length - 1 > 1) return [code, "Error: Code format is not correct."];
  const lines = block.split("\n");
  const last = ASSIGNMENT.exec(pyStrip(lines[lines.length - 1] ?? ""));
  if (last) block += `\n${last[1]}`;
  return [block, null];
}

/** Python's `json.dumps(value)` with its default `ensure_ascii=True`. */
function jsonDumpsAscii(value: unknown): string {
  return pyJsonDumps(value).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * DSPy's `ProgramOfThought._execute_code`: runs the code and returns `[json.dumps(result), null]`
 * (a `SUBMIT` counts as its output), or `[null, message]` when the code failed in a way the LM
 * can fix (any {@link CodeExecutionError}, syntax errors, time and memory limits included).
 * Failures of the sandbox itself propagate.
 *
 * @example
 * await executeGeneratedCode("1/0", interpreter); // [null, "ZeroDivisionError: ['division by zero']"]
 */
export async function executeGeneratedCode(
  code: string,
  interpreter: CodeInterpreter,
  signal?: AbortSignal,
): Promise<CodeStep> {
  if (!code) return [null, "Error: Empty code before execution."];
  try {
    let result = await interpreter.execute(code, signal ? { signal } : {});
    if (result instanceof FinalOutput) result = result.output as typeof result;
    return [jsonDumpsAscii(result), null];
  } catch (error) {
    if (error instanceof CodeExecutionError) return [null, formatErrorForLm(error)];
    throw error;
  }
}
