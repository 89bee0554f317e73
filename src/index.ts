/**
 * dspy-typescript — DSPy ("programming, not prompting" language models) natively in TypeScript,
 * with prompts byte-identical to Python DSPy 3.4.1.
 *
 * @example
 * import { ChatAdapter, Signature } from "dspy-typescript";
 * const messages = new ChatAdapter().format(new Signature("question -> answer"), [], { question: "Why?" });
 */
export { Adapter, type UserContentOptions } from "./adapters/adapter.js";
export { ChatAdapter } from "./adapters/chat-adapter.js";
export { JSONAdapter } from "./adapters/json-adapter.js";
export type { Demo, Message } from "./adapters/message.js";
export * from "./errors/index.js";
export { type ContentBlock, CustomType } from "./primitives/custom-type.js";
export { History } from "./primitives/history.js";
export { Image } from "./primitives/image.js";
export { type Field, type FieldDeclaration, type FieldOptions, InputField, OutputField } from "./signatures/field.js";
export { inferPrefix } from "./signatures/infer-prefix.js";
export { parseTypeExpression } from "./signatures/parse-type-expression.js";
export { Signature, type SignatureOptions, type SignatureState } from "./signatures/signature.js";
export { typeName } from "./signatures/type-name.js";
export type { LiteralValue, ModelField, SpecialTypeName, TypeNode } from "./signatures/type-node.js";
