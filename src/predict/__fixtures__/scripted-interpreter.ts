import {
  type CodeInterpreter,
  type CodeInterpreterResult,
  type ExecuteOptions,
  FinalOutput,
  type InterpreterOutputField,
  type InterpreterTool,
  type SandboxValue,
} from "../../primitives/code-interpreter.js";
import { Tool } from "../../primitives/tool.js";
import { CodeExecutionError } from "../../errors/code-interpreter-errors.js";

/** One scripted `execute`: tools to call first (as the code would), then a result, a SUBMIT or an error. */
export interface ScriptStep {
  calls?: { tool: string; args: Record<string, unknown> }[];
  result?: unknown;
  submit?: unknown;
  error?: string;
}

/** What the interpreter saw on one `execute`, as the Python oracle's stand-in records it. */
export interface ExecuteLog {
  code: string;
  variables: string[];
  tools: string[];
  output_fields: InterpreterOutputField[] | null;
  tool_results?: unknown[];
}

/**
 * The TypeScript twin of the oracle's `ScriptedInterpreter` (scripts/oracle/make_code_agents_fixtures.py):
 * each `execute` returns the next scripted result, after calling the tools the step names.
 */
export class ScriptedInterpreter implements CodeInterpreter {
  readonly tools = new Map<string, InterpreterTool>();
  outputFields: InterpreterOutputField[] | undefined;
  readonly executionInstructions = "Scripted stand-in interpreter. State persists across executions.";
  readonly log: (ExecuteLog | "shutdown")[] = [];
  readonly #script: ScriptStep[];

  constructor(script: readonly ScriptStep[]) {
    this.#script = [...script];
  }

  async start(): Promise<void> {}

  async execute(code: string, options: ExecuteOptions = {}): Promise<CodeInterpreterResult> {
    const step = this.#script.shift();
    if (!step) throw new Error(`unscripted execute: ${code}`);
    const entry: ExecuteLog = {
      code,
      variables: Object.keys(options.variables ?? {}).sort(),
      tools: [...this.tools.keys()].sort(),
      output_fields: this.outputFields ?? null,
    };
    this.log.push(entry);
    for (const call of step.calls ?? []) {
      const tool = this.tools.get(call.tool);
      const signal = new AbortController().signal;
      const result =
        tool instanceof Tool
          ? await tool.acall(call.args)
          : typeof tool === "function"
            ? await tool(call.args as Record<string, SandboxValue>, { signal, args: [] })
            : await tool?.handler(call.args as Record<string, SandboxValue>, { signal, args: [] });
      entry.tool_results ??= [];
      entry.tool_results.push(result);
    }
    if (step.error !== undefined) throw new CodeExecutionError(step.error);
    if ("submit" in step) return new FinalOutput(step.submit);
    return (step.result ?? null) as SandboxValue;
  }

  async shutdown(): Promise<void> {
    this.log.push("shutdown");
  }
}
