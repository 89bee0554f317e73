import type { Tool } from "./tool.js";

/**
 * DSPy's `FinalOutput`: what `execute()` returns when the guest called `SUBMIT(...)`. The loop
 * that runs the code (ProgramOfThought, RLM) stops and uses `output` as the answer.
 *
 * @example
 * const result = await interpreter.execute("SUBMIT({'answer': 42})");
 * if (result instanceof FinalOutput) console.log(result.output); // { answer: 42 }
 */
export class FinalOutput {
  constructor(readonly output: unknown) {}

  toString(): string {
    return `FinalOutput(${JSON.stringify(this.output)})`;
  }
}

/** A value that crosses the sandbox boundary: what JSON can hold (plus non-finite numbers). */
export type SandboxValue = null | boolean | number | string | SandboxValue[] | { [key: string]: SandboxValue };

/**
 * What `execute()` returns: a {@link FinalOutput} when the code called `SUBMIT`, else the value
 * of the code's last expression when it is not `None`/`undefined`, else everything the code
 * printed (a string, `""` when nothing), as DSPy 3.4.1's `PythonInterpreter` does.
 */
export type CodeInterpreterResult = FinalOutput | SandboxValue;

/** One parameter of a tool as the guest sees it (DSPy's `{name, type?, default?}`). */
export interface InterpreterToolParameter {
  name: string;
  /** A guest type name (`str`, `int`, `float`, `bool`, `list`, `dict`), used in the signature. */
  type?: string;
  /** Makes the parameter optional in the guest. */
  default?: SandboxValue;
}

/** What a host function called from the guest receives besides its arguments. */
export interface InterpreterToolContext {
  /** Fires when the run is aborted or times out. */
  signal: AbortSignal;
  /** Positional arguments, for tools declared without `parameters`. */
  args: SandboxValue[];
}

/** A host function the guest may call: keyword arguments in, a JSON-able value (or promise) out. */
export type InterpreterToolFunction = (
  kwargs: Record<string, SandboxValue>,
  context: InterpreterToolContext,
) => unknown;

/** A host function with the guest-side signature it is given. */
export interface InterpreterToolDefinition {
  handler: InterpreterToolFunction;
  /** The guest-side parameters; omitted means the guest wrapper takes `*args, **kwargs`. */
  parameters?: InterpreterToolParameter[];
}

/**
 * A tool the guest can call by name: a bare function, a function with declared parameters, or
 * a {@link Tool} (its argument schemas become the parameters, its validation runs on each call).
 */
export type InterpreterTool = InterpreterToolFunction | InterpreterToolDefinition | Tool;

/** An output field for a typed `SUBMIT(...)` (DSPy's `output_fields` entries). */
export interface InterpreterOutputField {
  name: string;
  /** A guest type name, as for {@link InterpreterToolParameter.type}. */
  type?: string;
}

/** Options of {@link CodeInterpreter.execute}. */
export interface ExecuteOptions {
  /** Variables set in the guest's namespace before the code runs. */
  variables?: Record<string, unknown>;
  /** Cancels the run; the sandbox is killed and the next run starts a fresh session. */
  signal?: AbortSignal;
  /** Overrides the interpreter's per-run time limit for this run. */
  timeoutMs?: number;
}

/**
 * DSPy's `CodeInterpreter` protocol: a sandbox that runs code, keeps state between runs of one
 * session, lets the guest call host tools by name, and returns a {@link FinalOutput} when the
 * guest calls `SUBMIT(...)`. Failures are typed: `CodeSyntaxError`, `CodeExecutionError` (with
 * the guest's traceback), `CodeTimeoutError`, `CodeMemoryLimitError`,
 * `CodeSandboxViolationError`; setup failures are plain `CodeInterpreterError`s.
 *
 * Lifecycle: construct (no resources), `start()` (or let the first `execute()` start it),
 * `execute()` any number of times, `shutdown()`. A shut-down interpreter refuses to run.
 *
 * @example
 * const interpreter = new PythonInterpreter({ tools: { add: { handler: ({ a, b }) => Number(a) + Number(b), parameters: [{ name: "a" }, { name: "b" }] } } });
 * await interpreter.execute("x = add(1, 2)");
 * await interpreter.execute("print(x * 10)"); // "30\n"
 * await interpreter.shutdown();
 */
export interface CodeInterpreter {
  /** Host tools callable from the guest, by name. Mutable: RLM adds `llm_query` before running. */
  readonly tools: Map<string, InterpreterTool>;
  /** The fields of a typed `SUBMIT(...)`; unset means a one-argument `SUBMIT(output)`. */
  outputFields: InterpreterOutputField[] | undefined;
  /** What the LM should know about this runtime (DSPy's `execution_instructions`). */
  readonly executionInstructions: string;
  /** Allocates the sandbox ahead of the first run; safe to call twice. */
  start(options?: { signal?: AbortSignal }): Promise<void>;
  /** Runs code and returns its result; see {@link CodeInterpreterResult}. */
  execute(code: string, options?: ExecuteOptions): Promise<CodeInterpreterResult>;
  /** Frees the sandbox; later calls to `execute()` fail. */
  shutdown(): Promise<void>;
}

/** A zero-argument function that creates a fresh interpreter (DSPy's `interpreter_factory`). */
export type CodeInterpreterFactory = () => CodeInterpreter;
