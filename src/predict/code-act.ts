import { ChatAdapter } from "../adapters/chat-adapter.js";
import { ContextWindowExceededError } from "../errors/lm-errors.js";
import type { CodeInterpreter } from "../primitives/code-interpreter.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { Tool, type ToolFunction } from "../primitives/tool.js";
import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";
import { STR } from "../signatures/type-node.js";
import { callModule } from "./call-module.js";
import { ChainOfThought } from "./chain-of-thought.js";
import { withInterpreter } from "./interpreter-factory.js";
import { Predict } from "./predict.js";
import { executeGeneratedCode, parseGeneratedCode } from "./program-of-thought-code.js";
import type { DescribedInterpreterFactory } from "./rlm-validate.js";
import { settings } from "./settings.js";

/** Options of {@link CodeAct}. */
export interface CodeActOptions {
  /** Host functions the generated code may call, by name. */
  tools: readonly (Tool | ToolFunction)[];
  /** Most code-generation steps per run (default 5). */
  maxIters?: number;
  /**
   * Creates one interpreter per run, shut down after it (default: the `interpreterFactory`
   * setting, else Pyodide's `PythonInterpreter`).
   */
  interpreterFactory?: DescribedInterpreterFactory;
  /** Receives warnings (the deprecation notice, a truncated trajectory); default `process.emitWarning`. */
  logger?: { warn(message: string): void };
}

/** Per-call options of {@link CodeAct.call}. */
export interface CodeActCallOptions {
  /** A caller-owned interpreter to run in (not shut down afterwards), instead of a fresh one. */
  interpreter?: CodeInterpreter;
  /** Overrides `maxIters` for this run. */
  maxIters?: number;
  /** Cancels the run. */
  signal?: AbortSignal;
}

/**
 * DSPy's `CodeAct` (deprecated in DSPy 3.4 in favour of RLM): at each step the LM writes Python
 * code and says whether it is finished; the code runs in a sandboxed interpreter where the tools
 * are callable functions, and its output (or error) joins the trajectory. A `ChainOfThought`
 * then extracts the outputs. Prompts are DSPy 3.4.1's; the tools run on the host (DSPy copies
 * a Python function's source into the sandbox, which a TypeScript function cannot be).
 *
 * @example
 * const act = new CodeAct("n: int -> factorial: int", { tools: [factorial] });
 * const prediction = await context({ lm }, () => act.call({ n: 5 }));
 */
export class CodeAct extends Module {
  readonly signature: Signature;
  maxIters: number;
  readonly tools: Record<string, Tool>;
  readonly codeact: Predict;
  readonly extractor: ChainOfThought;
  readonly #factory: DescribedInterpreterFactory | undefined;
  readonly #logger: { warn(message: string): void };

  constructor(signature: string | Signature, options: CodeActOptions) {
    super();
    this.#logger = options.logger ?? {
      warn: (message) => process.emitWarning(message, { type: "DeprecationWarning", code: "DSPY_CODEACT" }),
    };
    this.#logger.warn("CodeAct is deprecated and will be removed in 3.5. RLM is the preferred replacement.");
    this.signature = typeof signature === "string" ? new Signature(signature) : signature;
    this.maxIters = options.maxIters ?? 5;
    const tools: Record<string, Tool> = {};
    for (const value of options.tools) {
      const tool = value instanceof Tool ? value : new Tool(value);
      tools[tool.name] = tool;
    }
    this.tools = tools;
    const base = this.signature;
    const codeactSignature = new Signature([...base.inputFields], codeActInstructions(base, tools).join("\n"))
      .append("trajectory", InputField(), STR)
      .append(
        "generated_code",
        OutputField({ desc: "Python code that when executed, produces output relevant to answering the question" }),
        STR,
      )
      .append("finished", OutputField({ desc: "a boolean flag to determine if the process is done" }), {
        kind: "bool",
      });
    const extractSignature = new Signature([...base.inputFields, ...base.outputFields], base.instructions).append(
      "trajectory",
      InputField(),
      STR,
    );
    this.codeact = new Predict(codeactSignature);
    this.extractor = new ChainOfThought(extractSignature);
    this.#factory = options.interpreterFactory;
  }

  /**
   * Runs the code loop, then extraction; returns the outputs (with `reasoning`) and the
   * `trajectory` (`generated_code_i`, `code_output_i` or `observation_i`).
   *
   * @example
   * await act.call({ n: 5 }, { maxIters: 3 });
   */
  call(inputs: Record<string, unknown>, options: CodeActCallOptions = {}): Promise<Prediction> {
    // A module call (callbacks, module history, usage), as DSPy's Module.__call__.
    return callModule(this, { ...inputs }, () =>
      withInterpreter(options.interpreter, this.#factory, (interpreter) => this.#run(interpreter, inputs, options)),
    );
  }

  async #run(
    interpreter: CodeInterpreter,
    inputs: Record<string, unknown>,
    options: CodeActCallOptions,
  ): Promise<Prediction> {
    const signal = options.signal;
    for (const tool of Object.values(this.tools)) interpreter.tools.set(tool.name, tool);
    const trajectory: Record<string, unknown> = {};
    const maxIters = options.maxIters ?? this.maxIters;
    for (let idx = 0; idx < maxIters; idx++) {
      signal?.throwIfAborted();
      const codeData = await this.codeact.call({ ...inputs, trajectory }, signal ? { signal } : {});
      // CodeAct is a ProgramOfThought in DSPy: its code parsing and execution.
      const [code, error] = parseGeneratedCode(codeData.get("generated_code") ?? "");
      if (error !== null) {
        trajectory[`observation_${idx}`] = `Failed to parse the generated code: ${error}`;
        continue;
      }
      trajectory[`generated_code_${idx}`] = code;
      const [output, failure] = await executeGeneratedCode(code ?? "", interpreter, signal);
      if (failure === null) trajectory[`code_output_${idx}`] = output;
      else trajectory[`observation_${idx}`] = `Failed to execute the generated code: ${failure}`;
      if (codeData.get("finished")) break;
    }
    const extracted = await this.#extractWithTruncation(trajectory, inputs, signal);
    return new Prediction({ trajectory, ...extracted.toDict() });
  }

  // ReAct's `_call_with_potential_trajectory_truncation`, which CodeAct inherits.
  async #extractWithTruncation(
    trajectory: Record<string, unknown>,
    inputs: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<Prediction> {
    let current = trajectory;
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const adapter = settings().adapter ?? new ChatAdapter();
        const formatted = adapter.formatUserMessageContent(
          new Signature(`${Object.keys(current).join(", ")} -> x`),
          current,
        );
        return await this.extractor.call({ ...inputs, trajectory: formatted }, signal ? { signal } : {});
      } catch (error) {
        if (!(error instanceof ContextWindowExceededError)) throw error;
        this.#logger.warn("Trajectory exceeded the context window, truncating the oldest tool call information.");
        lastError = error;
        const keys = Object.keys(current);
        if (keys.length <= 4) {
          throw new ContextWindowExceededError(
            "The trajectory is too long so your prompt exceeded the context window, but the trajectory cannot be truncated because it only has one tool call.",
          );
        }
        current = Object.fromEntries(Object.entries(current).slice(4));
      }
    }
    throw new ContextWindowExceededError(
      "The context window was exceeded even after 3 attempts to truncate the trajectory.",
      { cause: lastError },
    );
  }
}

/** DSPy's `CodeAct._build_instructions`. */
function codeActInstructions(signature: Signature, tools: Record<string, Tool>): string[] {
  const instructions = signature.instructions ? [`${signature.instructions}\n`] : [];
  const inputs = signature.inputFields.map((field) => `\`${field.name}\``).join(", ");
  const outputs = signature.outputFields.map((field) => `\`${field.name}\``).join(", ");
  instructions.push(
    `You are an intelligent agent. For each episode, you will receive the fields ${inputs} as input.\n` +
      `Your goal is to generate executable Python code that collects any necessary information for producing ${outputs}.\n` +
      "For each iteration, you will generate a code snippet that either solves the task or progresses towards the solution.\n" +
      "Ensure any output you wish to extract from the code is printed to the console. The code should be enclosed in a fenced code block.\n" +
      `When all information for producing the outputs (${outputs}) are available to be extracted, mark \`finished=True\` besides the final Python code.\n` +
      "You have access to the Python Standard Library and the following functions:",
  );
  Object.values(tools).forEach((tool, index) => {
    instructions.push(`(${index + 1}) ${tool}`);
  });
  return instructions;
}
