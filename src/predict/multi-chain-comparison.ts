import { DSPyError } from "../errors/dspy-error.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import { InputField, OutputField } from "../signatures/field.js";
import { inputType } from "../signatures/input-repr.js";
import { Signature } from "../signatures/signature.js";
import { pyStrip } from "../utils/py-string.js";
import { pyStr } from "../utils/python-repr.js";
import { callModule } from "./call-module.js";
import type { ModuleCallOptions } from "./callable-module.js";
import type { Completion } from "./majority.js";
import { Predict } from "./predict.js";

/** Options for {@link MultiChainComparison}: `M`, `temperature`, and any other Predict config. */
export interface MultiChainComparisonOptions extends Record<string, unknown> {
  /** How many attempts each call compares (default 3). */
  M?: number;
  /** The comparison call's temperature (default 0.7). */
  temperature?: number;
}

/**
 * DSPy's `MultiChainComparison`: shows the LM `M` earlier attempts (their reasoning and answer)
 * and asks for corrected reasoning and a final answer. The signature gains inputs
 * `reasoning_attempt_1..M` ("Student Attempt #i:") and a first output `rationale`.
 *
 * @example
 * const cot = new ChainOfThought("question -> answer", { n: 3 });
 * const attempts = (await cot.call({ question })).completions;
 * const compare = new MultiChainComparison("question -> answer");
 * (await compare.call({ completions: attempts, question })).get("answer");
 */
export class MultiChainComparison extends Module {
  readonly M: number;
  /** The original signature's last output field: the answer each attempt is summarised by. */
  readonly lastKey: string;
  readonly predict: Predict;

  constructor(signature: string | Signature, options: MultiChainComparisonOptions = {}) {
    super();
    const { M = 3, temperature = 0.7, ...config } = options;
    let extended = typeof signature === "string" ? new Signature(signature) : signature;
    const lastKey = extended.outputFields.at(-1)?.name;
    if (lastKey === undefined) {
      throw new DSPyError("not enough values to unpack (expected at least 1, got 0)", { code: "invalid_signature" });
    }
    this.M = M;
    this.lastKey = lastKey;
    for (let index = 1; index <= M; index++) {
      extended = extended.append(
        `reasoning_attempt_${index}`,
        InputField({ prefix: `Student Attempt #${index}:`, desc: "${reasoning attempt}" }),
      );
    }
    extended = extended.prepend(
      "rationale",
      OutputField({
        prefix: "Accurate Reasoning: Thank you everyone. Let's now holistically",
        desc: "${corrected reasoning}",
      }),
    );
    this.predict = new Predict(extended, { temperature, ...config });
  }

  /**
   * Compares `completions` (exactly `M` of them, each with `rationale` or `reasoning` and the
   * answer field) and predicts. The other inputs are the signature's own.
   *
   * @example
   * await compare.call({ completions: [{ reasoning: "...", answer: "4" }, ...], question: "2+2?" });
   */
  call(
    inputs: { completions: readonly Completion[] } & Record<string, unknown>,
    options?: ModuleCallOptions,
  ): Promise<Prediction> {
    return callModule(this, { ...inputs }, () => this.forward(inputs, options));
  }

  /**
   * DSPy's `forward`: the call itself, without the module instrumentation `call` adds (public
   * because module copies are made without the constructor).
   */
  async forward(
    inputs: { completions: readonly Completion[] } & Record<string, unknown>,
    options?: ModuleCallOptions,
  ): Promise<Prediction> {
    const { completions, ...rest } = inputs;
    const attempts = completions.map((completion) => {
      const rationale = firstLine(reasoningOf(completion));
      const answer = firstLine(pyStr(fieldOf(completion, this.lastKey)));
      return `«I'm trying to ${rationale} I'm not sure but my prediction is ${answer}»`;
    });
    if (attempts.length !== this.M) {
      throw new DSPyError(
        `The number of attempts (${attempts.length}) doesn't match the expected number M (${this.M}). Please set the correct value for M when initializing MultiChainComparison.`,
        { code: "invalid_argument", pythonType: "AssertionError" },
      );
    }
    const attemptInputs = Object.fromEntries(
      attempts.map((attempt, index) => [`reasoning_attempt_${index + 1}`, attempt]),
    );
    return this.predict.call({ ...attemptInputs, ...rest }, options);
  }
}

// DSPy: `c.get("rationale", c.get("reasoning"))`.
function reasoningOf(completion: Completion): string {
  const has = (key: string) => (completion instanceof Example ? completion.has(key) : Object.hasOwn(completion, key));
  const get = (key: string) => (completion instanceof Example ? completion.get(key) : completion[key]);
  const value = has("rationale") ? get("rationale") : get("reasoning");
  if (typeof value !== "string") {
    const type = value === null || value === undefined ? "NoneType" : inputType(value);
    throw new DSPyError(`'${type}' object has no attribute 'strip'`, {
      code: "invalid_argument",
      pythonType: "AttributeError",
    });
  }
  return value;
}

function fieldOf(completion: Completion, key: string): unknown {
  const present = completion instanceof Example ? completion.has(key) : Object.hasOwn(completion, key);
  if (!present) throw new DSPyError(`'${key}'`, { code: "missing_field", pythonType: "KeyError" });
  return completion instanceof Example ? completion.get(key) : completion[key];
}

// DSPy: `.strip().split("\n")[0].strip()` — only "\n" splits, Python whitespace strips.
function firstLine(text: string): string {
  return pyStrip(pyStrip(text).split("\n")[0] as string);
}
