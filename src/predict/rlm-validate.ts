import { DSPyError } from "../errors/dspy-error.js";
import type { CodeInterpreterFactory } from "../primitives/code-interpreter.js";
import { PythonInterpreter } from "../primitives/python-interpreter.js";
import type { Tool } from "../primitives/tool.js";
import { Signature } from "../signatures/signature.js";
import { pyRepr } from "../utils/python-repr.js";
import { settings } from "./settings.js";

/** A factory that may say what its interpreters run (DSPy reads `execution_instructions` off the factory). */
export type DescribedInterpreterFactory = CodeInterpreterFactory & { executionInstructions?: string };

const RESERVED_SANDBOX_NAMES = new Set(["llm_query", "llm_query_batched", "SUBMIT", "print"]);
const RESERVED_RESULT_NAMES = new Set(["trajectory", "final_reasoning"]);
const PYTHON_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);

function isReserved(name: string): boolean {
  // RLM's own sandbox functions, and the names DSPy's sandbox `dspy` facade owns.
  return RESERVED_SANDBOX_NAMES.has(name) || name === "dspy" || name.startsWith("_dspy") || name.startsWith("__dspy");
}

function valueError(message: string): DSPyError {
  return new DSPyError(message, { code: "invalid_argument", pythonType: "ValueError" });
}

/**
 * DSPy's `RLM._validate_namespace`: tool names must be Python identifiers that are not keywords
 * or sandbox built-ins; inputs may not shadow built-ins or tools; outputs may not be named like
 * RLM's result metadata. Returns the signature (parsed when given as a string).
 *
 * @example
 * validateRlmNamespace("context, query -> answer", new Map()); // a Signature
 */
export function validateRlmNamespace(signature: string | Signature, tools: ReadonlyMap<string, Tool>): Signature {
  const parsed = typeof signature === "string" ? new Signature(signature) : signature;
  for (const name of tools.keys()) {
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) || PYTHON_KEYWORDS.has(name)) {
      throw valueError(`Invalid tool name '${name}': must be a valid Python identifier and not a keyword`);
    }
    if (isReserved(name)) throw valueError(`Tool name '${name}' conflicts with built-in sandbox function`);
  }
  const inputs = parsed.inputFields.map((field) => field.name);
  if (inputs.includes("interpreter_factory")) {
    throw valueError("'interpreter_factory' is reserved for RLM runtime configuration, not a signature input.");
  }
  const reservedInputs = inputs.filter(isReserved).sort();
  if (reservedInputs.length > 0) {
    throw valueError(`Input fields conflict with built-in sandbox functions: ${pyRepr(reservedInputs)}`);
  }
  const toolInputs = inputs.filter((name) => tools.has(name)).sort();
  if (toolInputs.length > 0) throw valueError(`Input fields conflict with user tools: ${pyRepr(toolInputs)}`);
  const reservedOutputs = parsed.outputFields
    .map((field) => field.name)
    .filter((name) => RESERVED_RESULT_NAMES.has(name));
  if (reservedOutputs.length > 0) {
    throw valueError(`Output fields conflict with RLM result metadata: ${pyRepr(reservedOutputs.sort())}`);
  }
  return parsed;
}

/**
 * DSPy's `resolve_interpreter_factory` for RLM: the module's factory, else the
 * `interpreterFactory` setting, else a fresh Pyodide {@link PythonInterpreter} per run — that
 * default carrying the interpreter's runtime description for the prompt, as DSPy's
 * `PythonInterpreter` class does.
 *
 * @example
 * const interpreter = resolveRlmInterpreterFactory(undefined)();
 */
export function resolveRlmInterpreterFactory(
  factory: DescribedInterpreterFactory | undefined,
): DescribedInterpreterFactory {
  const chosen = factory ?? settings().interpreterFactory;
  if (chosen) return chosen;
  // Constructing an interpreter allocates nothing until it starts.
  return Object.assign(() => new PythonInterpreter(), {
    executionInstructions: new PythonInterpreter().executionInstructions,
  });
}
