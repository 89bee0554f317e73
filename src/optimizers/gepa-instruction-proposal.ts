import type { Adapter } from "../adapters/adapter.js";
import { JSONAdapter } from "../adapters/json-adapter.js";
import { DSPyError } from "../errors/dspy-error.js";
import { Predict } from "../predict/predict.js";
import { context as settingsContext } from "../predict/settings.js";
import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";
import type { ReflectiveDataset } from "./gepa-reflective-dataset.js";
import { type GepaSkill, loadGepaSkill, renderGepaSkill } from "./gepa-skills.js";
import type { GepaCandidate } from "./gepa-state.js";

/**
 * DSPy 3.4.1's `ProposeInstruction`: the reflection prompt of GEPA's default proposer (the
 * reflective examples go in as structured values, rendered by the adapter).
 *
 * @example
 * await new Predict(PROPOSE_INSTRUCTION).call({ current_instruction, examples_with_feedback });
 */
export const PROPOSE_INSTRUCTION: Signature = Signature.fromFields(
  {
    current_instruction: InputField({ desc: "The instructions I provided to the assistant." }),
    examples_with_feedback: InputField({
      desc: "Task inputs provided to the assistant, the assistant's response for each, and feedback on how the response could be better.",
      type: { kind: "list", args: [{ kind: "dict", args: [{ kind: "str" }, { kind: "any" }] }] },
    }),
    new_instruction: OutputField({ desc: "The new instruction for the assistant." }),
  },
  "I provided an assistant with instructions to perform a task for me. You are given those instructions, along with examples of different task inputs provided to the assistant, the assistant's response for each of them, and some feedback on how the assistant's response could be better.\n\n" +
    "Your task is to write a new instruction for the assistant.\n\n" +
    "Read the inputs carefully and identify the input format and infer detailed task description about the task I wish to solve with the assistant.\n\n" +
    "Read all the assistant responses and the corresponding feedback. Identify all niche and domain specific factual information about the task and include it in the instruction, as a lot of it may not be available to the assistant in the future. The assistant may have utilized a generalizable strategy to solve the task, if so, include that in the instruction as well.",
);

/**
 * DSPy 3.4.1's `CompressInstruction`: one retry that shortens an over-long proposal.
 *
 * @example
 * await new Predict(COMPRESS_INSTRUCTION).call({ instruction, length_limit });
 */
export const COMPRESS_INSTRUCTION: Signature = Signature.fromFields(
  { instruction: InputField(), length_limit: InputField(), shortened_instruction: OutputField() },
  "Shorten the instruction to fit within the stated limit. Preserve every\nstrategy, rule, and constraint; cut redundancy and verbosity. Do not add\nnew content. Output only the shortened instruction.",
);

/** What a proposer receives (gepa's `ProposalFn` arguments). */
export interface GepaProposalRequest {
  candidate: GepaCandidate;
  reflectiveDataset: ReflectiveDataset;
  componentsToUpdate: string[];
  /** Aborts the proposer's LM calls (the GEPA run was cancelled). */
  signal?: AbortSignal | undefined;
}

/**
 * Writes new instructions from reflective examples: returns the new text per component. Runs
 * with the reflection LM as the settings LM.
 */
export type GepaProposalFn = (request: GepaProposalRequest) => Promise<GepaCandidate> | GepaCandidate;

/** Options of {@link InstructionProposer} (DSPy's constructor arguments, camelCased). */
export interface InstructionProposerOptions {
  /**
   * Reference material shown to the reflection LM: skill files, directories holding `SKILL.md`,
   * or inline text. Loaded on the first proposal (a path that does not exist raises then).
   */
  skills?: string | readonly string[] | undefined;
  /** Guidance applied to every proposal (a field of the prompt). */
  additionalInstructions?: string | undefined;
  /** Replaces the reflection prompt's instructions; the fields stay. */
  baseInstructions?: string | undefined;
  /** Longest allowed instruction (after stripping); one compression call when exceeded. */
  maxChars?: number | undefined;
  /** The adapter for the proposer's own calls (default `JSONAdapter`). */
  adapter?: Adapter | undefined;
}

function cleanText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/**
 * GEPA's default instruction proposer in DSPy 3.4.1: one `Predict(ProposeInstruction)` call per
 * component through a `JSONAdapter`, with the current instruction and the component's
 * reflective examples. An empty answer raises; with `maxChars`, an over-long answer gets one
 * compression call and raises if still too long.
 *
 * @example
 * new GEPA({ metric, reflectionLM, instructionProposer: new InstructionProposer({ maxChars: 1500 }).propose });
 */
export class InstructionProposer {
  readonly signature: Signature;
  readonly additionalInstructions: string | undefined;
  readonly maxChars: number | undefined;
  readonly adapter: Adapter;
  readonly #skillSources: readonly string[];
  #skills: Promise<GepaSkill[]> | undefined;

  constructor(options: InstructionProposerOptions = {}) {
    const { maxChars } = options;
    if (maxChars !== undefined && (!Number.isInteger(maxChars) || maxChars <= 0)) {
      throw new DSPyError(`max_chars must be a positive int or None, got ${maxChars}.`, { code: "value_error" });
    }
    this.maxChars = maxChars;
    this.additionalInstructions = cleanText(options.additionalInstructions);
    this.adapter = options.adapter ?? new JSONAdapter();
    this.#skillSources = typeof options.skills === "string" ? [options.skills] : [...(options.skills ?? [])];
    // Static fields first (prompt caching); each prepend lands at index 0.
    let signature = PROPOSE_INSTRUCTION;
    if (this.#lengthLimit()) {
      signature = signature.prepend(
        "length_limit",
        InputField({ desc: "Hard limit on the length of the new instruction." }),
      );
    }
    if (this.additionalInstructions) {
      signature = signature.prepend(
        "additional_instructions",
        InputField({ desc: "Additional requirements from the user for the new instruction. Follow them." }),
      );
    }
    if (this.#skillSources.length > 0) {
      signature = signature.prepend(
        "reference_skills",
        InputField({
          desc: "Trusted reference material chosen by the user. Draw on it when writing the new instruction.",
        }),
      );
    }
    const base = cleanText(options.baseInstructions);
    this.signature = base ? signature.withInstructions(base) : signature;
  }

  /**
   * Proposes a new instruction for each requested component present in the candidate and the
   * dataset.
   *
   * @example
   * const texts = await proposer.propose({ candidate, reflectiveDataset, componentsToUpdate: ["predict"] });
   */
  readonly propose = async (request: GepaProposalRequest): Promise<GepaCandidate> => {
    const results: GepaCandidate = {};
    for (const name of request.componentsToUpdate) {
      const current = request.candidate[name];
      const examples = request.reflectiveDataset[name];
      if (current === undefined || examples === undefined) continue;
      const inputs: Record<string, unknown> = {};
      if (this.#skillSources.length > 0) {
        this.#skills ??= Promise.all(this.#skillSources.map(loadGepaSkill));
        inputs.reference_skills = (await this.#skills).map(renderGepaSkill).join("\n\n");
      }
      if (this.additionalInstructions) inputs.additional_instructions = this.additionalInstructions;
      if (this.#lengthLimit()) inputs.length_limit = this.#lengthLimit();
      inputs.current_instruction = current;
      inputs.examples_with_feedback = examples.map((example) => ({ ...example }));
      const prediction = await settingsContext({ adapter: this.adapter }, () =>
        new Predict(this.signature).call(inputs, { signal: request.signal }),
      );
      const draft = String(prediction.get("new_instruction") ?? "").trim();
      if (!draft) {
        throw new DSPyError(`The reflection LM returned an empty instruction for component '${name}'.`, {
          code: "value_error",
        });
      }
      results[name] = await this.#enforceLength(draft, request.signal);
    }
    return results;
  };

  #lengthLimit(): string {
    return this.maxChars === undefined ? "" : `The new instruction must be at most ${this.maxChars} characters.`;
  }

  #valid(text: string): string | undefined {
    const stripped = text.trim();
    const length = [...stripped].length;
    return length >= 1 && (this.maxChars === undefined || length <= this.maxChars) ? stripped : undefined;
  }

  async #enforceLength(draft: string, signal: AbortSignal | undefined): Promise<string> {
    const valid = this.#valid(draft);
    if (valid !== undefined) return valid;
    const prediction = await settingsContext({ adapter: this.adapter }, () =>
      new Predict(COMPRESS_INSTRUCTION).call({ instruction: draft, length_limit: this.#lengthLimit() }, { signal }),
    );
    const shortened = this.#valid(String(prediction.get("shortened_instruction") ?? ""));
    if (shortened === undefined) {
      throw new DSPyError(`The instruction is longer than ${this.maxChars} characters even after compression.`, {
        code: "validation_error",
        pythonType: "ValidationError",
      });
    }
    return shortened;
  }
}
