import { SignatureError } from "../errors/signature-error.js";
import { cleandoc } from "../utils/cleandoc.js";
import { type Field, type FieldDeclaration, type FieldRole, InputField, makeField, OutputField } from "./field.js";
import { parseParameters } from "./parse-type-expression.js";
import type { TypeNode } from "./type-node.js";

/** Saved form of a signature, as DSPy's `dump_state` writes it. */
export interface SignatureState {
  instructions: string;
  fields: { prefix: string; description: string }[];
}

/** Options for building a signature from a string. */
export interface SignatureOptions {
  /** Names the string may use for types beyond DSPy's built-ins. */
  customTypes?: Record<string, TypeNode>;
  /**
   * Keep empty instructions as they are. DSPy's constructor replaces `""` with its default
   * text, but `load_state` assigns instructions directly, so a saved `""` stays `""`.
   */
  keepEmptyInstructions?: boolean;
}

/**
 * A DSPy signature: typed input and output fields plus instructions. Immutable — every method
 * returns a new signature, as DSPy's class methods return new classes.
 *
 * The type parameters describe the inputs and outputs for TypeScript callers; they do not
 * change the prompt.
 *
 * @example
 * const qa = new Signature("question, context: list[str] -> answer: int");
 * qa.instructions; // "Given the fields `question`, `context`, produce the fields `answer`."
 */
export class Signature<
  Inputs extends Record<string, unknown> = Record<string, unknown>,
  Outputs extends Record<string, unknown> = Record<string, unknown>,
> {
  /** Instructions after Python's `inspect.cleandoc`. */
  readonly instructions: string;
  /** All inputs in declaration order, then all outputs in declaration order. */
  readonly fields: readonly Field[];
  declare readonly __types?: { inputs: Inputs; outputs: Outputs };
  readonly #inputFields: readonly Field[];
  readonly #outputFields: readonly Field[];

  constructor(signature: string | readonly Field[], instructions?: string, options: SignatureOptions = {}) {
    const fields = typeof signature === "string" ? parseSignatureString(signature, options.customTypes) : signature;
    const inputs = fields.filter((field) => field.role === "input");
    const outputs = fields.filter((field) => field.role === "output");
    this.fields = Object.freeze([...inputs, ...outputs]);
    // The signature is immutable: its field lists are computed once, not on every access.
    this.#inputFields = Object.freeze(inputs);
    this.#outputFields = Object.freeze(outputs);
    // DSPy treats empty instructions like absent ones and writes its default text.
    const text = options.keepEmptyInstructions
      ? (instructions ?? defaultInstructions(this.fields))
      : instructions || defaultInstructions(this.fields);
    this.instructions = cleandoc(text);
  }

  /**
   * Builds a signature from named field declarations (DSPy's class-based signatures).
   *
   * @example
   * Signature.fromFields({ question: InputField(), answer: OutputField({ desc: "short" }) }, "Answer briefly.");
   */
  static fromFields(declarations: Record<string, FieldDeclaration>, instructions?: string): Signature {
    return new Signature(
      Object.entries(declarations).map(([name, declaration]) => makeField(name, declaration)),
      instructions,
    );
  }

  /** Input fields in order. */
  get inputFields(): readonly Field[] {
    return this.#inputFields;
  }

  /** Output fields in order. */
  get outputFields(): readonly Field[] {
    return this.#outputFields;
  }

  /** The field with this name, if any. */
  field(name: string): Field | undefined {
    return this.fields.find((field) => field.name === name);
  }

  /**
   * The same fields with new instructions.
   *
   * @example
   * sig.withInstructions("Answer in French.");
   */
  withInstructions(instructions: string): Signature<Inputs, Outputs> {
    return new Signature(this.fields, instructions);
  }

  /**
   * Adds text after the instructions, separated by a blank line.
   *
   * @example
   * sig.appendInstructions("Be brief.");
   */
  appendInstructions(text: string): Signature<Inputs, Outputs> {
    return this.withInstructions(`${this.instructions}\n\n${text}`);
  }

  /**
   * Inserts a field among the inputs or outputs (by the declaration's role). A negative index
   * counts from the end, `-1` appending, as in DSPy.
   *
   * @example
   * sig.insert(0, "reasoning", OutputField({ prefix: "Reasoning: Let's think step by step in order to" }));
   */
  insert(index: number, name: string, declaration: FieldDeclaration, type?: TypeNode): Signature {
    const field = makeField(name, declaration, type);
    const inputs = [...this.inputFields];
    const outputs = [...this.outputFields];
    const list = field.role === "input" ? inputs : outputs;
    const position = index < 0 ? index + list.length + 1 : index;
    if (position < 0 || position > list.length) {
      throw new SignatureError(
        `Invalid index to insert: ${index}, index must be in the range of [${list.length - 1}, ${list.length}] for ${field.role} fields, but received: ${index}.`,
      );
    }
    list.splice(position, 0, field);
    return new Signature([...inputs, ...outputs], this.instructions);
  }

  /** Inserts a field first among its role's fields. */
  prepend(name: string, declaration: FieldDeclaration, type?: TypeNode): Signature {
    return this.insert(0, name, declaration, type);
  }

  /** Inserts a field last among its role's fields. */
  append(name: string, declaration: FieldDeclaration, type?: TypeNode): Signature {
    return this.insert(-1, name, declaration, type);
  }

  /**
   * Removes a field; a missing name is not an error.
   *
   * @example
   * sig.delete("history");
   */
  delete(name: string): Signature {
    return new Signature(
      this.fields.filter((field) => field.name !== name),
      this.instructions,
    );
  }

  /**
   * Replaces metadata (and optionally the type) of one field.
   *
   * @example
   * sig.withUpdatedFields("answer", { desc: "one word" });
   */
  withUpdatedFields(
    name: string,
    update: Partial<Pick<Field, "desc" | "prefix" | "constraints">>,
    type?: TypeNode,
  ): Signature<Inputs, Outputs> {
    return new Signature(
      this.fields.map((field) => (field.name === name ? { ...field, ...update, type: type ?? field.type } : field)),
      this.instructions,
    );
  }

  /**
   * DSPy's `equals`: same instructions and the same metadata for each field, in order.
   *
   * @example
   * new Signature("a -> b").equals(new Signature("a -> b")); // true
   */
  equals(other: Signature): boolean {
    if (this.instructions !== other.instructions || this.fields.length !== other.fields.length) return false;
    return this.fields.every((field, index) => {
      const peer = other.fields[index] as Field;
      return (
        field.name === peer.name &&
        field.role === peer.role &&
        field.desc === peer.desc &&
        field.prefix === peer.prefix &&
        field.constraints === peer.constraints
      );
    });
  }

  /**
   * DSPy's `dump_state`: instructions and each field's prefix and description.
   *
   * @example
   * new Signature("q -> a").dumpState().fields[0]; // { prefix: "Q:", description: "${q}" }
   */
  dumpState(): SignatureState {
    return {
      instructions: this.instructions,
      fields: this.fields.map((field) => ({ prefix: field.prefix, description: field.desc })),
    };
  }

  /**
   * DSPy's `load_state`: applies instructions, then prefixes and descriptions by position.
   *
   * @example
   * sig.loadState(saved.signature);
   */
  loadState(state: SignatureState): Signature<Inputs, Outputs> {
    const fields = this.fields.map((field, index) => {
      const saved = state.fields[index];
      return saved ? { ...field, prefix: saved.prefix, desc: saved.description } : field;
    });
    return new Signature(fields, state.instructions, { keepEmptyInstructions: true });
  }
}

function parseSignatureString(text: string, customTypes?: Record<string, TypeNode>): Field[] {
  if (text.split("->").length !== 2) {
    throw new SignatureError(`Invalid signature format: '${text}', must contain exactly one '->'.`);
  }
  const [inputSide, outputSide] = text.split("->") as [string, string];
  const inputs = parseParameters(inputSide, customTypes);
  const outputs = parseParameters(outputSide, customTypes);
  const outputNames = new Set(outputs.map((parameter) => parameter.name));
  const duplicates = [
    ...new Set(inputs.map((parameter) => parameter.name).filter((name) => outputNames.has(name))),
  ].sort();
  if (duplicates.length > 0) {
    throw new SignatureError(
      `Input and output fields must have distinct names, but found duplicates: '${duplicates.join(", ")}'.`,
    );
  }
  const fields = new Map<string, Field>();
  const add = (role: FieldRole, parameters: typeof inputs) => {
    for (const parameter of parameters) {
      const declaration = role === "input" ? InputField() : OutputField();
      // A repeated name keeps its first position and its last type, as a Python dict does.
      fields.set(
        parameter.name,
        makeField(parameter.name, declaration, parameter.type, role === "input" && parameter.typeUndefined),
      );
    }
  };
  add("input", inputs);
  add("output", outputs);
  return [...fields.values()];
}

function defaultInstructions(fields: readonly Field[]): string {
  const list = (role: FieldRole) =>
    fields
      .filter((field) => field.role === role)
      .map((field) => `\`${field.name}\``)
      .join(", ");
  return `Given the fields ${list("input")}, produce the fields ${list("output")}.`;
}
