import type { CodeInterpreter, CodeInterpreterFactory } from "../primitives/code-interpreter.js";
import { PythonInterpreter } from "../primitives/python-interpreter.js";
import { settings } from "./settings.js";

/**
 * DSPy's `resolve_interpreter_factory`: the factory that creates the next interpreter — the
 * module's own, else the `interpreterFactory` setting, else one that makes a
 * {@link PythonInterpreter}. Call it where the interpreter is created, so a
 * `context({ interpreterFactory }, ...)` around the call applies.
 *
 * @example
 * const interpreter = resolveInterpreterFactory(this.interpreterFactory)();
 */
export function resolveInterpreterFactory(factory?: CodeInterpreterFactory): CodeInterpreterFactory {
  return factory ?? settings().interpreterFactory ?? (() => new PythonInterpreter());
}

/**
 * Runs `fn` with the caller's interpreter, or with a fresh one from the resolved factory that
 * is shut down afterwards (DSPy's `_interpreter_context`).
 *
 * @example
 * await withInterpreter(undefined, this.interpreterFactory, (interpreter) => interpreter.execute("1 + 1"));
 */
export async function withInterpreter<T>(
  interpreter: CodeInterpreter | undefined,
  factory: CodeInterpreterFactory | undefined,
  fn: (interpreter: CodeInterpreter) => Promise<T>,
): Promise<T> {
  if (interpreter !== undefined) return fn(interpreter);
  const owned = resolveInterpreterFactory(factory)();
  try {
    return await fn(owned);
  } finally {
    await owned.shutdown();
  }
}
