import { DSPyError } from "../errors/dspy-error.js";
import type { CodeInterpreter, CodeInterpreterFactory } from "../primitives/code-interpreter.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { type Field, InputField, makeField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";
import { callModule } from "./call-module.js";
import { ChainOfThought } from "./chain-of-thought.js";
import { withInterpreter } from "./interpreter-factory.js";
import { executeGeneratedCode, parseGeneratedCode } from "./program-of-thought-code.js";

/** Options of {@link ProgramOfThought}. */
export interface ProgramOfThoughtOptions {
  /** Most code generations per call, the first included (DSPy's `max_iters`, default 3). */
  maxIters?: number;
  /**
   * Creates the sandbox for each call, which then shuts it down (default: the
   * `interpreterFactory` setting, else a `PythonInterpreter`).
   */
  interpreterFactory?: CodeInterpreterFactory;
  /** Where the retry log goes (DSPy logs each failed attempt at error level). Default: nowhere. */
  logger?: { error(message: string): void };
}

/** Per-call options of {@link ProgramOfThought.call}. */
export interface ProgramOfThoughtCallOptions {
  /** A caller-owned interpreter to run the code in (kept running afterwards). */
  interpreter?: CodeInterpreter;
  /** Cancels the LM calls and the code run in flight. */
  signal?: AbortSignal;
}

type Mode = "generate" | "regenerate" | "answer";

const CODE_DESC = "python code that answers the question";

/**
 * DSPy's `ProgramOfThought` (deprecated in DSPy 3.4 in favour of RLM, kept for parity): the LM
 * writes Python that computes the answer, the code runs in a sandbox, errors go back to the LM
 * for a corrected version (up to `maxIters` attempts), and a last ChainOfThought turns the code
 * and its output into the signature's outputs. Signatures and instructions are DSPy 3.4.1's,
 * byte for byte.
 *
 * @example
 * const pot = new ProgramOfThought("question -> answer");
 * const prediction = await context({ lm }, () => pot.call({ question: "What is 17 * 23?" }));
 * prediction.get("answer");
 */
export class ProgramOfThought<
  Inputs extends Record<string, unknown> = Record<string, unknown>,
  Outputs extends Record<string, unknown> = Record<string, unknown>,
> extends Module {
  readonly signature: Signature<Inputs, Outputs>;
  maxIters: number;
  // snake_case as in DSPy, so saved states key the predictors "code_generate.predict" etc.
  readonly code_generate: ChainOfThought;
  readonly code_regenerate: ChainOfThought;
  readonly generate_output: ChainOfThought;
  readonly #interpreterFactory: CodeInterpreterFactory | undefined;
  readonly #logger: { error(message: string): void } | undefined;

  constructor(signature: string | Signature<Inputs, Outputs>, options: ProgramOfThoughtOptions = {}) {
    super();
    this.signature =
      typeof signature === "string" ? (new Signature(signature) as Signature<Inputs, Outputs>) : signature;
    this.maxIters = options.maxIters ?? 3;
    if (!Number.isInteger(this.maxIters) || this.maxIters < 1) {
      throw new DSPyError(`maxIters must be a positive integer, not ${this.maxIters}`, { code: "invalid_argument" });
    }
    this.code_generate = new ChainOfThought(this.#modeSignature("generate"));
    this.code_regenerate = new ChainOfThought(this.#modeSignature("regenerate"));
    this.generate_output = new ChainOfThought(this.#modeSignature("answer"));
    this.#interpreterFactory = options.interpreterFactory;
    this.#logger = options.logger;
  }

  #fields(mode: Mode): Field[] {
    const inputs = [...this.signature.inputFields];
    if (mode === "generate") return [...inputs, makeField("generated_code", OutputField({ desc: CODE_DESC }))];
    if (mode === "regenerate") {
      return [
        ...inputs,
        makeField("previous_code", InputField({ desc: "previously-generated python code that errored" })),
        makeField("error", InputField({ desc: "error message from previously-generated python code" })),
        makeField("generated_code", OutputField({ desc: CODE_DESC })),
      ];
    }
    return [
      ...inputs,
      makeField("final_generated_code", InputField({ desc: CODE_DESC })),
      makeField("code_output", InputField({ desc: "output of previously-generated python code" })),
      ...this.signature.outputFields,
    ];
  }

  // DSPy's `_generate_instruction`.
  #instructions(mode: Mode, fields: Field[]): string {
    const names = (role: "input" | "output") =>
      fields
        .filter((field) => field.role === role)
        .map((field) => `\`${field.name}\``)
        .join(", ");
    const modeInputs = names("input");
    const modeOutputs = names("output");
    const finalOutputs = this.signature.outputFields.map((field) => `\`${field.name}\``).join(", ");
    if (mode === "generate") {
      return [
        `You will be given ${modeInputs} and you will respond with ${modeOutputs}.`,
        `Generating executable Python code that programmatically computes the correct ${modeOutputs}.`,
        "After you're done with the computation and think you have the final output, make sure to submit your output by calling the preloaded function `SUBMIT()`.",
        `You must structure your output in a dict, like {"field_a": value_a, ...}, with the correct value mapping for the field(s): ${finalOutputs}.`,
      ].join("\n");
    }
    if (mode === "regenerate") {
      return [
        `You are given ${modeInputs} due to an error in previous code.`,
        "Your task is to correct the error and provide the new `generated_code`.",
      ].join("\n");
    }
    return `Given the final code ${modeInputs}, provide the final ${modeOutputs}.`;
  }

  #modeSignature(mode: Mode): Signature {
    const fields = this.#fields(mode);
    return new Signature(fields, this.#instructions(mode, fields));
  }

  /**
   * Generates code, runs it (retrying with the error on failure), then answers from its output.
   * Throws a `DSPyError` (`code: "max_iters"`, DSPy's `RuntimeError`) when every attempt failed.
   *
   * @example
   * await pot.call({ question: "What is 2 ** 10?" }, { signal: AbortSignal.timeout(120_000) });
   */
  call(
    inputs: Partial<Inputs> & Record<string, unknown>,
    options: ProgramOfThoughtCallOptions = {},
  ): Promise<Prediction<Outputs & { reasoning: string }>> {
    return callModule(this, { ...inputs }, () =>
      withInterpreter(options.interpreter, this.#interpreterFactory, (interpreter) =>
        this.#forward(inputs, interpreter, options.signal),
      ),
    );
  }

  async #forward(
    inputs: Record<string, unknown>,
    interpreter: CodeInterpreter,
    signal: AbortSignal | undefined,
  ): Promise<Prediction<Outputs & { reasoning: string }>> {
    const callOptions = signal ? { signal } : {};
    const kwargs: Record<string, unknown> = {};
    for (const field of this.signature.inputFields) kwargs[field.name] = inputs[field.name];
    let generated = await this.code_generate.call(kwargs, callOptions);
    let output: string | null = null;
    let [code, error] = parseGeneratedCode(generated.get("generated_code"));
    if (error === null) [output, error] = await executeGeneratedCode(code as string, interpreter, signal);
    let hop = 1;
    while (error !== null) {
      this.#logger?.error(`Error in code execution: ${error}`);
      if (hop === this.maxIters) {
        throw new DSPyError(`Max hops reached. Failed to run ProgramOfThought: ${error}`, {
          code: "max_iters",
          pythonType: "RuntimeError",
        });
      }
      Object.assign(kwargs, { previous_code: code, error });
      generated = await this.code_regenerate.call(kwargs, callOptions);
      [code, error] = parseGeneratedCode(generated.get("generated_code"));
      if (error === null) [output, error] = await executeGeneratedCode(code as string, interpreter, signal);
      hop += 1;
    }
    Object.assign(kwargs, { final_generated_code: code, code_output: output });
    return (await this.generate_output.call(kwargs, callOptions)) as Prediction<Outputs & { reasoning: string }>;
  }
}
