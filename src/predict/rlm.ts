import { isPythonValueError } from "../adapters/chat-layout.js";
import { parseValue } from "../adapters/parse-value.js";
import { CodeExecutionError } from "../errors/code-interpreter-errors.js";
import { DSPyError } from "../errors/dspy-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import {
  type CodeInterpreter,
  type CodeInterpreterResult,
  FinalOutput,
  type InterpreterOutputField,
} from "../primitives/code-interpreter.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { Tool, type ToolFunction } from "../primitives/tool.js";
import type { Signature } from "../signatures/signature.js";
import { typeName } from "../signatures/type-name.js";
import { formatErrorForLm } from "../utils/format-error-for-lm.js";
import { isPlainObject } from "../utils/plain-object.js";
import { pyRepr, pyStr } from "../utils/python-repr.js";
import { callModule } from "./call-module.js";
import { Predict } from "./predict.js";
import { formatREPLOutput, type REPLEntry, REPLHistory } from "./rlm-history.js";
import { interpreterRules, rlmSignatures, SUB_AGENT_INSTRUCTIONS, stripCodeFences } from "./rlm-instructions.js";
import { LLMCallBudget, llmQueryTools } from "./rlm-tools.js";
import {
  type DescribedInterpreterFactory,
  resolveRlmInterpreterFactory,
  validateRlmNamespace,
} from "./rlm-validate.js";
import { pythonTypeName, REPLVariable } from "./rlm-variable.js";

export type { DescribedInterpreterFactory } from "./rlm-validate.js";

/** Options of {@link RLM}. */
export interface RLMOptions {
  /** Most REPL iterations before the extract fallback (default 20). */
  maxIters?: number;
  /** Most `llm_query`/`llm_query_batched` calls per run (default 50). */
  maxLlmCalls?: number;
  /** Characters of each step's output shown to the LM, head and tail (default 10 000). */
  maxOutputChars?: number;
  /** Host functions the code may call, by name. */
  tools?: readonly (Tool | ToolFunction)[];
  /** The LM for `llm_query` (default: the context's LM at call time). */
  subLm?: BaseLM;
  /**
   * Creates one interpreter per run, shut down after it (default: the `interpreterFactory`
   * setting, else Pyodide's `PythonInterpreter`).
   */
  interpreterFactory?: DescribedInterpreterFactory;
  /** Log each iteration's reasoning, code and output to `logger.info` (DSPy's `verbose=True`). */
  verbose?: boolean;
  /** Where warnings (and verbose logs) go; default `process.emitWarning` and `console.info`. */
  logger?: { info(message: string): void; warn(message: string): void };
}

/** Per-call options of {@link RLM.call}. */
export interface RLMCallOptions {
  /** Another interpreter factory for this run only. */
  interpreterFactory?: DescribedInterpreterFactory;
  /** Cancels the run: the LM request or code in flight, and every later step. */
  signal?: AbortSignal;
}

/**
 * DSPy's `RLM` (Recursive Language Model): the LM explores its inputs through a sandboxed Python
 * REPL — the inputs are variables there — writing code step by step, calling sub-LMs with
 * `llm_query`/`llm_query_batched` (at most `maxLlmCalls` per run), and ends with
 * `SUBMIT(field=...)`, whose values are parsed to the output types. Errors, wrong or missing
 * submitted fields are shown to the LM as the step's output; after `maxIters` steps an extract
 * predictor reads the outputs from the history. Prompts are DSPy 3.4.1's for an interpreter
 * without the sandbox `dspy` facade (sub-agents), which this port does not provide.
 *
 * @example
 * const rlm = new RLM("context, query -> answer", { maxIters: 10 });
 * const prediction = await context({ lm }, () => rlm.call({ context: longText, query: "What is the magic number?" }));
 * prediction.get("answer"); prediction.get("trajectory");
 */
export class RLM extends Module {
  readonly signature: Signature;
  maxIters: number;
  maxLlmCalls: number;
  maxOutputChars: number;
  /** Writes each step's reasoning and code. Named as DSPy names it: the name keys the saved state. */
  readonly generate_action: Predict;
  /** Reads the outputs from the history when the iterations run out. */
  readonly extract: Predict;
  readonly #tools: ReadonlyMap<string, Tool>;
  readonly #subLm: BaseLM | undefined;
  readonly #factory: DescribedInterpreterFactory | undefined;
  readonly #initialExecutionInstructions: string;
  readonly #initialRules: string;
  verbose: boolean;
  readonly #logger: { info(message: string): void; warn(message: string): void };

  constructor(signature: string | Signature, options: RLMOptions = {}) {
    super();
    const tools = new Map<string, Tool>();
    for (const value of options.tools ?? []) {
      const tool = value instanceof Tool ? value : new Tool(value);
      if (tools.has(tool.name))
        throw new DSPyError(`Duplicate tool name '${tool.name}'`, {
          code: "invalid_argument",
          pythonType: "ValueError",
        });
      tools.set(tool.name, tool);
    }
    this.signature = validateRlmNamespace(signature, tools);
    this.maxIters = options.maxIters ?? 20;
    this.maxLlmCalls = options.maxLlmCalls ?? 50;
    this.maxOutputChars = options.maxOutputChars ?? 10_000;
    this.#tools = tools;
    this.#subLm = options.subLm;
    this.#factory = options.interpreterFactory;
    this.verbose = options.verbose ?? false;
    this.#logger = options.logger ?? {
      info: (message) => console.info(message),
      warn: (message) => process.emitWarning(message, { code: "DSPY_RLM" }),
    };
    // Seeded from the factory in effect now; each call uses the one in effect then (DSPy does the same).
    this.#initialExecutionInstructions = resolveRlmInterpreterFactory(this.#factory).executionInstructions ?? "";
    this.#initialRules = interpreterRules(this.#initialExecutionInstructions, SUB_AGENT_INSTRUCTIONS);
    const { action, extract } = rlmSignatures(this.signature, {
      tools,
      maxLlmCalls: this.maxLlmCalls,
      interpreterRules: this.#initialRules,
    });
    this.generate_action = new Predict(action);
    this.extract = new Predict(extract);
  }

  /** The user tools (without `llm_query`/`llm_query_batched`). */
  get tools(): Record<string, Tool> {
    return Object.fromEntries(this.#tools);
  }

  /**
   * Runs the REPL loop on a fresh interpreter and returns the outputs, `trajectory` (each step's
   * `reasoning`, `code`, `output`) and `final_reasoning`.
   *
   * @example
   * await rlm.call({ context, query }, { signal: AbortSignal.timeout(300_000) });
   */
  call(inputs: Record<string, unknown>, options: RLMCallOptions = {}): Promise<Prediction> {
    // A module call (callbacks, module history, usage), as DSPy's Module.__call__.
    return callModule(this, { ...inputs }, () => this.#run(inputs, options));
  }

  async #run(inputs: Record<string, unknown>, options: RLMCallOptions): Promise<Prediction> {
    this.#validateInputs(inputs);
    const factory = options.interpreterFactory ?? resolveRlmInterpreterFactory(this.#factory);
    const outputNames = this.signature.outputFields.map((field) => field.name);
    const budget = new LLMCallBudget(this.maxLlmCalls);
    // In the caller's order, as DSPy walks its keyword arguments.
    const variables = Object.entries(inputs).map(([name, value]) =>
      REPLVariable.fromValue(
        name,
        value,
        this.signature.inputFields.find((field) => field.name === name),
      ),
    );
    const interpreter = factory();
    try {
      const llmTools = llmQueryTools({ budget, subLm: this.#subLm, signal: options.signal });
      interpreter.tools.set("llm_query", llmTools.llm_query);
      interpreter.tools.set("llm_query_batched", llmTools.llm_query_batched);
      for (const [name, tool] of this.#tools) interpreter.tools.set(name, tool);
      interpreter.outputFields = this.#outputFieldsInfo();
      await interpreter.start(options.signal ? { signal: options.signal } : {});
      // No sandbox `dspy` facade here, so no sub-agent guidance (DSPy's fallback when it cannot install it).
      const actionSignature = this.#actionSignature(factory, "");
      let history = new REPLHistory([], this.maxOutputChars);
      for (let iteration = 0; iteration < this.maxIters; iteration++) {
        options.signal?.throwIfAborted();
        const step = await this.#iteration(
          interpreter,
          actionSignature,
          variables,
          history,
          iteration,
          inputs,
          options,
        );
        if (step instanceof Prediction) return step;
        history = step;
      }
      this.#logger.warn("RLM reached max iterations, using extract to get final output");
      const extracted = await this.extract.call(
        { variables_info: variables.map((variable) => variable.format()), repl_history: history },
        options.signal ? { signal: options.signal } : {},
      );
      return new Prediction({
        trajectory: history.entries.map((entry) => ({ ...entry })),
        final_reasoning: "Extract forced final output",
        ...Object.fromEntries(outputNames.map((name) => [name, extracted.get(name)])),
      });
    } finally {
      await interpreter.shutdown();
    }
  }

  async #iteration(
    interpreter: CodeInterpreter,
    signature: Signature,
    variables: REPLVariable[],
    history: REPLHistory,
    iteration: number,
    inputs: Record<string, unknown>,
    options: RLMCallOptions,
  ): Promise<Prediction | REPLHistory> {
    const action = await this.generate_action.call(
      {
        variables_info: variables.map((variable) => variable.format()),
        repl_history: history,
        iteration: `${iteration + 1}/${this.maxIters}`,
      },
      { signature, ...(options.signal ? { signal: options.signal } : {}) },
    );
    const reasoning = String(action.get("reasoning") ?? "");
    const rawCode = String(action.get("code") ?? "");
    if (this.verbose) {
      this.#logger.info(`RLM iteration ${iteration + 1}/${this.maxIters}\nReasoning: ${reasoning}\nCode:\n${rawCode}`);
    }
    let code = rawCode;
    let result: CodeInterpreterResult | string;
    try {
      code = stripCodeFences(rawCode);
      result = await this.#execute(interpreter, code, inputs, options.signal);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      result = `[Error] ${formatErrorForLm(error)}`;
    }
    return this.#processResult(reasoning, code, result, history);
  }

  async #execute(
    interpreter: CodeInterpreter,
    code: string,
    inputs: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<CodeInterpreterResult | string> {
    try {
      return await interpreter.execute(code, { variables: { ...inputs }, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted || !(error instanceof CodeExecutionError || error instanceof SyntaxError)) throw error;
      return `[Error] ${formatErrorForLm(error)}`;
    }
  }

  /** DSPy's `_process_execution_result`. */
  #processResult(
    reasoning: string,
    code: string,
    result: CodeInterpreterResult | string,
    history: REPLHistory,
  ): Prediction | REPLHistory {
    if (typeof result === "string" && result.startsWith("[Error]"))
      return history.append({ reasoning, code, output: result });
    if (result instanceof FinalOutput) {
      const { parsed, error } = this.#processFinalOutput(result.output);
      if (error !== undefined || parsed === undefined) return history.append({ reasoning, code, output: error ?? "" });
      const finalHistory = history.append({ reasoning, code, output: `FINAL: ${pyRepr(parsed)}` });
      return new Prediction({
        ...parsed,
        trajectory: finalHistory.entries.map((entry: REPLEntry) => ({ ...entry })),
        final_reasoning: reasoning,
      });
    }
    let output = Array.isArray(result)
      ? result.map((item) => pyStr(item)).join("\n")
      : isTruthy(result)
        ? pyStr(result)
        : "";
    if (!output) output = "(no output - did you forget to print?)";
    if (this.verbose) this.#logger.info(formatREPLOutput(output, this.maxOutputChars));
    return history.append({ reasoning, code, output });
  }

  /** DSPy's `_process_final_output`: the submitted fields, each parsed to its output type. */
  #processFinalOutput(raw: unknown): { parsed?: Record<string, unknown>; error?: string } {
    const names = this.signature.outputFields.map((field) => field.name);
    if (!isPlainObject(raw)) {
      return { error: `[Error] FINAL returned ${pythonTypeName(raw)}, expected dict with fields: ${pyRepr(names)}` };
    }
    const missing = names.filter((name) => !Object.hasOwn(raw, name)).sort();
    if (missing.length > 0) {
      return { error: `[Error] Missing output fields: ${pyRepr(missing)}. Use SUBMIT(${names.join(", ")})` };
    }
    const parsed: Record<string, unknown> = {};
    const typeErrors: string[] = [];
    for (const field of this.signature.outputFields) {
      try {
        parsed[field.name] = parseValue(raw[field.name], field.type);
      } catch (error) {
        // DSPy catches ValueError and pydantic's ValidationError here.
        if (!isPythonValueError(error)) throw error;
        const expected = typeName(field.type).split("[")[0];
        typeErrors.push(
          `${field.name}: expected ${expected}, got ${pythonTypeName(raw[field.name])}: ${(error as Error).message}`,
        );
      }
    }
    if (typeErrors.length > 0) return { error: `[Type Error] ${typeErrors.join("; ")}` };
    return { parsed };
  }

  /** DSPy's `_action_signature_for_current_factory`: the runtime guidance of the interpreter in use. */
  #actionSignature(factory: DescribedInterpreterFactory, subAgentRules: string): Signature {
    const current = this.generate_action.signature;
    const instructions = factory.executionInstructions ?? "";
    if (instructions === this.#initialExecutionInstructions && subAgentRules === SUB_AGENT_INSTRUCTIONS) return current;
    const rules = interpreterRules(instructions, subAgentRules);
    if (this.#initialRules && current.instructions.includes(this.#initialRules)) {
      return current.withInstructions(current.instructions.replace(this.#initialRules, () => rules));
    }
    return rules ? current.withInstructions(current.instructions + rules) : current;
  }

  /** DSPy's `_get_output_fields_info`: each output's name, and its type when it is a simple one. */
  #outputFieldsInfo(): InterpreterOutputField[] {
    return this.signature.outputFields.map((field) => {
      const simple = SIMPLE_TYPES[field.type.kind];
      const bare = !("args" in field.type) || field.type.args.length === 0;
      return simple && bare ? { name: field.name, type: simple } : { name: field.name };
    });
  }

  #validateInputs(inputs: Record<string, unknown>): void {
    const names = this.signature.inputFields.map((field) => field.name);
    const unexpected = Object.keys(inputs)
      .filter((name) => !names.includes(name))
      .sort();
    if (unexpected.length > 0) {
      throw new DSPyError(`Unexpected inputs not declared in the signature: ${pyRepr(unexpected)}`, {
        code: "invalid_argument",
        pythonType: "ValueError",
      });
    }
    const missing = names.filter((name) => !Object.hasOwn(inputs, name)).sort();
    if (missing.length > 0) {
      throw new DSPyError(`Missing required inputs: ${pyRepr(missing)}`, {
        code: "invalid_argument",
        pythonType: "ValueError",
      });
    }
  }
}

// DSPy's `SIMPLE_TYPES` (str, int, float, bool, list, dict, NoneType), by type kind.
const SIMPLE_TYPES: Partial<Record<string, string>> = {
  str: "str",
  int: "int",
  float: "float",
  bool: "bool",
  list: "list",
  dict: "dict",
  none: "NoneType",
};

function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}
