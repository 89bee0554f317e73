export { AdapterParseError, type AdapterParseErrorOptions } from "./adapter-parse-error.js";
export { DSPyError } from "./dspy-error.js";
export { SignatureError } from "./signature-error.js";
export { ValidationError, type ValidationIssue } from "./validation-error.js";
