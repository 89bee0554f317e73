export { AbortError } from "./abort-error.js";
export { AdapterParseError, type AdapterParseErrorOptions } from "./adapter-parse-error.js";
export {
  CodeExecutionError,
  type CodeExecutionErrorOptions,
  CodeInterpreterError,
  type CodeInterpreterErrorOptions,
  CodeMemoryLimitError,
  CodeSandboxViolationError,
  CodeSyntaxError,
  CodeTimeoutError,
} from "./code-interpreter-errors.js";
export { DSPyError } from "./dspy-error.js";
export {
  ContextWindowExceededError,
  LMAuthError,
  LMBillingError,
  LMConfigurationError,
  LMError,
  type LMErrorDetails,
  LMInvalidRequestError,
  LMNotConfiguredError,
  LMProviderError,
  LMRateLimitError,
  LMServerError,
  LMTimeoutError,
  LMTransportError,
  LMUnexpectedError,
  LMUnsupportedModelError,
} from "./lm-errors.js";
export { ProgramStateError, type ProgramStateErrorOptions } from "./program-state-error.js";
export { SignatureError } from "./signature-error.js";
export { ValidationError, type ValidationIssue } from "./validation-error.js";
