import type { StandardSchemaV1 } from "@standard-schema/spec";
import { inferPrefix } from "./infer-prefix.js";
import type { TypeNode } from "./type-node.js";

/** Whether a field is read from the caller or produced by the LM. */
export type FieldRole = "input" | "output";

/**
 * One field of a signature, with the metadata DSPy keeps in `json_schema_extra`.
 * Fields are immutable; signature methods return new ones.
 */
export interface Field {
  readonly name: string;
  readonly role: FieldRole;
  readonly type: TypeNode;
  /** The description; DSPy's default is the literal text `${name}`. */
  readonly desc: string;
  /** Deprecated in DSPy 3.2 but still saved: `infer_prefix(name) + ":"` by default. */
  readonly prefix: string;
  /** True for an input written without an annotation in a string signature. */
  readonly typeUndefined: boolean;
  /** pydantic-style constraint text, e.g. `"greater than: 0"`. */
  readonly constraints?: string | undefined;
  /** A default used when the LM leaves the output out. */
  readonly default?: { value: unknown } | undefined;
  /** The Standard Schema the field was declared with, used to validate parsed values. */
  readonly schema?: StandardSchemaV1 | undefined;
}

/** Options for {@link InputField} and {@link OutputField}. */
export interface FieldOptions {
  desc?: string;
  prefix?: string;
  type?: TypeNode;
  constraints?: string;
  default?: unknown;
  schema?: StandardSchemaV1;
}

/** A field declaration not yet bound to a name. */
export interface FieldDeclaration extends FieldOptions {
  readonly role: FieldRole;
}

/**
 * Declares an input field for {@link Signature.fromFields}.
 *
 * @example
 * Signature.fromFields({ question: InputField({ desc: "a trivia question" }), answer: OutputField() });
 */
export function InputField(options: FieldOptions = {}): FieldDeclaration {
  return { ...options, role: "input" };
}

/**
 * Declares an output field for {@link Signature.fromFields}.
 *
 * @example
 * OutputField({ desc: "a number", type: { kind: "int" } });
 */
export function OutputField(options: FieldOptions = {}): FieldDeclaration {
  return { ...options, role: "output" };
}

/**
 * Binds a declaration to a name, filling DSPy's defaults for `desc` and `prefix`.
 *
 * @example
 * makeField("next_thought", OutputField()); // prefix "Next Thought:", desc "${next_thought}"
 */
export function makeField(name: string, declaration: FieldDeclaration, type?: TypeNode, typeUndefined = false): Field {
  return {
    name,
    role: declaration.role,
    type: type ?? declaration.type ?? { kind: "str" },
    desc: declaration.desc ?? `\${${name}}`,
    prefix: declaration.prefix ?? `${inferPrefix(name)}:`,
    typeUndefined,
    constraints: declaration.constraints,
    default: "default" in declaration ? { value: declaration.default } : undefined,
    schema: declaration.schema,
  };
}
