import { DSPyError } from "./dspy-error.js";

/** Why a tool call was refused; the stable `code` of a {@link ToolError}. */
export type ToolErrorCode =
  | "tool_unknown_arg"
  | "tool_invalid_arg"
  | "tool_missing_arg"
  | "tool_async_in_sync"
  | "tool_unknown"
  | "tool_definition"
  | "tool_call_failed";

const PYTHON_TYPES: Record<ToolErrorCode, string> = {
  tool_unknown_arg: "ValueError",
  tool_invalid_arg: "ValueError",
  // Python raises TypeError when a function is called without a required argument.
  tool_missing_arg: "TypeError",
  tool_async_in_sync: "ValueError",
  tool_unknown: "KeyError",
  tool_definition: "ValueError",
  // DSPy's MCP wrapper raises RuntimeError for a result flagged `isError`.
  tool_call_failed: "RuntimeError",
};

/**
 * A tool could not be defined or called: an argument it does not take, one that does not fit its
 * schema, a required one missing, an async tool called synchronously, an unknown tool name, or
 * a call the tool's server reported as failed.
 * Messages follow DSPy 3.4.1's `Tool` where DSPy has one (`Arg x is not in the tool's args.`).
 *
 * @example
 * try { tool.call({ nope: 1 }); } catch (e) { if (e instanceof ToolError && e.code === "tool_unknown_arg") retry(); }
 */
export class ToolError extends DSPyError {
  override readonly code: ToolErrorCode;
  /** The tool's name, when the error concerns a known tool. */
  readonly toolName: string | undefined;

  constructor(message: string, options: { code: ToolErrorCode; toolName?: string; cause?: unknown }) {
    super(message, { code: options.code, pythonType: PYTHON_TYPES[options.code], cause: options.cause });
    this.code = options.code;
    this.toolName = options.toolName;
  }
}
