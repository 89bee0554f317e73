import { ChatAdapter } from "../adapters/chat-adapter.js";
import { isPythonValueError } from "../adapters/chat-layout.js";
import { ContextWindowExceededError } from "../errors/lm-errors.js";
import { ToolError } from "../errors/tool-error.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { Tool, type ToolFunction } from "../primitives/tool.js";
import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";
import { STR, type TypeNode } from "../signatures/type-node.js";
import { formatErrorForLm } from "../utils/format-error-for-lm.js";
import { callModule } from "./call-module.js";
import { ChainOfThought } from "./chain-of-thought.js";
import { Predict } from "./predict.js";
import { settings } from "./settings.js";

/** Receives ReAct's warnings (a trajectory cut short or truncated). */
export interface ReActLogger {
  warn(message: string): void;
}

/** Options of {@link ReAct}. */
export interface ReActOptions {
  /** The tools the agent may call: `Tool`s, or functions that take no arguments. */
  tools: readonly (Tool | ToolFunction)[];
  /** Most tool-calling steps per run (default 20). */
  maxIters?: number;
  /** Where warnings go (default `process.emitWarning`). */
  logger?: ReActLogger;
}

/** Per-call options of {@link ReAct.call}. */
export interface ReActCallOptions {
  /** Overrides the module's `maxIters` for this run (DSPy's `max_iters=` call argument). */
  maxIters?: number;
  /** Cancels the run: the LM request or tool in flight, and every later step. */
  signal?: AbortSignal;
}

/** The trajectory of a run: `thought_i`, `tool_name_i`, `tool_args_i`, `observation_i`, in order. */
export type Trajectory = Record<string, unknown>;

/**
 * DSPy's `ReAct` agent: at each step the LM writes a thought and picks a tool and its arguments;
 * the tool's result (or error) is appended to the trajectory, until it picks `finish` or
 * `maxIters` steps have run. A `ChainOfThought` then extracts the signature's outputs from the
 * trajectory. Prompts, trajectory text and truncation are DSPy 3.4.1's, byte for byte.
 *
 * @example
 * const agent = new ReAct("question -> answer", { tools: [search, calculator] });
 * const prediction = await context({ lm }, () => agent.call({ question: "What is 2 + 3?" }));
 * prediction.get("answer"); prediction.get("trajectory");
 */
export class ReAct<
  Inputs extends Record<string, unknown> = Record<string, unknown>,
  Outputs extends Record<string, unknown> = Record<string, unknown>,
> extends Module {
  // Declared (and assigned) in DSPy's attribute order, which names the saved predictors.
  readonly signature: Signature<Inputs, Outputs>;
  maxIters: number;
  /** The tools by name, `finish` last. */
  readonly tools: Record<string, Tool>;
  /** Picks the next thought, tool and arguments. */
  readonly react: Predict;
  /** Extracts the outputs from the finished trajectory. */
  readonly extract: ChainOfThought;
  readonly #logger: ReActLogger;

  constructor(signature: string | Signature<Inputs, Outputs>, options: ReActOptions) {
    super();
    const base = typeof signature === "string" ? (new Signature(signature) as Signature<Inputs, Outputs>) : signature;
    this.signature = base;
    this.maxIters = options.maxIters ?? 20;
    const tools: Record<string, Tool> = {};
    for (const tool of options.tools) {
      const wrapped = tool instanceof Tool ? tool : new Tool(tool);
      tools[wrapped.name] = wrapped;
    }
    const outputs = base.outputFields.map((field) => `\`${field.name}\``).join(", ");
    // Like a Python dict assignment, this replaces a user tool named `finish` in its place.
    tools.finish = new Tool(() => "Completed.", {
      name: "finish",
      description: `Marks the task as complete. That is, signals that all information for producing the outputs, i.e. ${outputs}, are now available to be extracted.`,
      args: {},
    });
    this.tools = tools;
    this.react = new Predict(reactSignature(base, tools));
    this.extract = new ChainOfThought(
      new Signature([...base.inputFields, ...base.outputFields], base.instructions).append(
        "trajectory",
        InputField(),
        STR,
      ),
    );
    this.#logger = options.logger ?? { warn: (message) => process.emitWarning(message, { code: "DSPY_REACT" }) };
  }

  /**
   * Runs the agent loop, then extraction. Returns the extracted outputs (with `reasoning`) and
   * the `trajectory`.
   *
   * @example
   * await agent.call({ question: "Weather in Paris?" }, { maxIters: 5, signal: AbortSignal.timeout(60_000) });
   */
  call(
    inputs: Partial<Inputs> & Record<string, unknown>,
    options: ReActCallOptions = {},
  ): Promise<Prediction<Outputs & { reasoning: string; trajectory: Trajectory }>> {
    // DSPy's kwargs: the inputs, and `max_iters` when the call gives one.
    const kwargs = options.maxIters === undefined ? { ...inputs } : { ...inputs, max_iters: options.maxIters };
    return callModule(this, kwargs, () => this.forward(inputs, options));
  }

  /**
   * DSPy's `forward`: the call itself, without the module instrumentation `call` adds (public
   * because module copies are made without the constructor).
   */
  async forward(
    inputs: Partial<Inputs> & Record<string, unknown>,
    options: ReActCallOptions = {},
  ): Promise<Prediction<Outputs & { reasoning: string; trajectory: Trajectory }>> {
    const trajectory: Trajectory = {};
    const maxIters = options.maxIters ?? this.maxIters;
    for (let idx = 0; idx < maxIters; idx++) {
      options.signal?.throwIfAborted();
      let step: Prediction;
      try {
        step = await this.#callWithTruncation(this.react, trajectory, inputs, options);
      } catch (error) {
        if (error instanceof ContextWindowExceededError) {
          this.#logger.warn(`Ending the trajectory: ${formatErrorForLm(error, { tracebackFrames: 5 })}`);
          break;
        }
        // DSPy catches ValueError here; an unparseable tool choice is an AdapterParseError and escapes.
        if (isPythonValueError(error)) {
          this.#logger.warn(
            `Ending the trajectory: Agent failed to select a valid tool: ${formatErrorForLm(error, { tracebackFrames: 5 })}`,
          );
          break;
        }
        throw error;
      }
      const name = step.get("next_tool_name") as string;
      const args = step.get("next_tool_args") as Record<string, unknown>;
      trajectory[`thought_${idx}`] = step.get("next_thought");
      trajectory[`tool_name_${idx}`] = name;
      trajectory[`tool_args_${idx}`] = args;
      try {
        trajectory[`observation_${idx}`] = await this.#tool(name).acall(
          args,
          options.signal ? { signal: options.signal } : {},
        );
      } catch (error) {
        // Cancellation ends the run; any other failure is shown to the LM, which may recover.
        if (options.signal?.aborted) throw error;
        trajectory[`observation_${idx}`] =
          `Execution error in ${name}: ${formatErrorForLm(error, { tracebackFrames: 5 })}`;
      }
      if (name === "finish") break;
    }
    const extracted = await this.#callWithTruncation(this.extract, trajectory, inputs, options);
    return new Prediction({ trajectory, ...extracted.toDict() }) as Prediction<
      Outputs & { reasoning: string; trajectory: Trajectory }
    >;
  }

  /**
   * DSPy's `truncate_trajectory`: drops the oldest step (its four keys) from the trajectory, in
   * place, so the returned trajectory loses it too. Override to truncate differently.
   *
   * @example
   * agent.truncateTrajectory({ thought_0: "", tool_name_0: "", tool_args_0: {}, observation_0: "", thought_1: "" });
   * // { thought_1: "" }
   */
  truncateTrajectory(trajectory: Trajectory): Trajectory {
    const keys = Object.keys(trajectory);
    if (keys.length <= 4) {
      throw new ContextWindowExceededError(
        "The trajectory is too long so your prompt exceeded the context window, but the trajectory cannot be truncated because it only has one tool call.",
      );
    }
    for (const key of keys.slice(0, 4)) delete trajectory[key];
    return trajectory;
  }

  /**
   * DSPy's `_format_trajectory`: the trajectory as the active adapter writes user inputs, one
   * section per key (an empty string for an empty trajectory).
   *
   * @example
   * agent.formatTrajectory({ thought_0: "Hi" }); // "[[ ## thought_0 ## ]]\nHi"
   */
  formatTrajectory(trajectory: Trajectory): string {
    const adapter = settings().adapter ?? new ChatAdapter();
    return adapter.formatUserMessageContent(new Signature(`${Object.keys(trajectory).join(", ")} -> x`), trajectory);
  }

  // DSPy's `_call_with_potential_trajectory_truncation`: up to 3 tries, dropping the oldest step
  // after each context-window overflow.
  async #callWithTruncation(
    module: Predict | ChainOfThought,
    trajectory: Trajectory,
    inputs: Record<string, unknown>,
    options: ReActCallOptions,
  ): Promise<Prediction> {
    let lastError: unknown;
    let current = trajectory;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await module.call(
          { ...inputs, trajectory: this.formatTrajectory(current) },
          options.signal ? { signal: options.signal } : {},
        );
      } catch (error) {
        if (!(error instanceof ContextWindowExceededError)) throw error;
        this.#logger.warn("Trajectory exceeded the context window, truncating the oldest tool call information.");
        lastError = error;
        current = this.truncateTrajectory(current);
      }
    }
    throw new ContextWindowExceededError(
      "The context window was exceeded even after 3 attempts to truncate the trajectory.",
      { cause: lastError },
    );
  }

  #tool(name: string): Tool {
    const tool = Object.hasOwn(this.tools, name) ? this.tools[name] : undefined;
    if (tool) return tool;
    throw new ToolError(`Unknown tool '${name}'; the tools are: ${Object.keys(this.tools).join(", ")}.`, {
      code: "tool_unknown",
      toolName: name,
    });
  }
}

/** The step signature: the inputs, DSPy's agent instructions, the trajectory and the tool choice. */
function reactSignature(base: Signature, tools: Record<string, Tool>): Signature {
  const inputs = base.inputFields.map((field) => `\`${field.name}\``).join(", ");
  const outputs = base.outputFields.map((field) => `\`${field.name}\``).join(", ");
  const instr = base.instructions ? [`${base.instructions}\n`] : [];
  instr.push(
    `You are an Agent. In each episode, you will be given the fields ${inputs} as input. And you can see your past trajectory so far.`,
    `Your goal is to use one or more of the supplied tools to collect any necessary information for producing ${outputs}.\n`,
    "To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and also when finishing the task.",
    "After each tool call, you receive a resulting observation, which gets appended to your trajectory.\n",
    "When writing next_thought, you may reason about the current situation and plan for future steps.",
    "When selecting the next_tool_name and its next_tool_args, the tool must be one of:\n",
  );
  Object.values(tools).forEach((tool, index) => {
    instr.push(`(${index + 1}) ${tool}`);
  });
  instr.push("When providing `next_tool_args`, the value inside the field must be in JSON format");
  const toolNames: TypeNode = { kind: "literal", values: Object.keys(tools) };
  const anyDict: TypeNode = { kind: "dict", args: [STR, { kind: "any" }] };
  return new Signature(base.inputFields, instr.join("\n"))
    .append("trajectory", InputField(), STR)
    .append("next_thought", OutputField(), STR)
    .append("next_tool_name", OutputField(), toolNames)
    .append("next_tool_args", OutputField(), anyDict);
}
