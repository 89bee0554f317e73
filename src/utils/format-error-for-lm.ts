/** Options of {@link formatErrorForLm}. */
export interface FormatErrorOptions {
  /** How many stack frames to include; 0 (the default) gives the message alone. */
  tracebackFrames?: number;
}

/**
 * DSPy's `format_error_for_lm`: an error as text to feed back to an LM (ReAct observations).
 * With no frames it is the message alone (Python's `str(error)`); with frames it is a newline,
 * then `Name: message` (a DSPy error's Python exception name), then up to that many `    at ...` lines of the JavaScript stack — the
 * JavaScript counterpart of the Python traceback DSPy sends, innermost frame first.
 *
 * @example
 * formatErrorForLm(new Error("boom")); // "boom"
 * formatErrorForLm(new TypeError("bad"), { tracebackFrames: 5 }); // "\nTypeError: bad\n    at ..."
 */
export function formatErrorForLm(error: unknown, options: FormatErrorOptions = {}): string {
  const frames = options.tracebackFrames ?? 0;
  if (!(error instanceof Error)) return frames > 0 ? `\n${String(error)}` : String(error);
  if (frames <= 0) return error.message;
  // Build the header from name and message rather than the stack's first line: the stack was
  // captured at construction and misses later changes to `message`.
  // A DSPy error is named by the Python exception it mirrors (`pythonType`), so the LM reads the
  // exception line DSPy's traceback ends with (`ValueError: Arg a is invalid: ...`).
  const pythonType = (error as { pythonType?: unknown }).pythonType;
  const name = typeof pythonType === "string" && pythonType ? pythonType : error.name;
  const header = error.message ? `${name}: ${error.message}` : name;
  const stack = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return `\n${[header, ...stack.slice(0, frames)].join("\n")}`.trimEnd();
}
