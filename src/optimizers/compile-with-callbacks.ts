import { AsyncLocalStorage } from "node:async_hooks";
import { withCallbacks } from "../utils/callback.js";

// DSPy's `_ACTIVE_COMPILES`: the optimizers whose compile is running in this async context.
const activeCompiles = new AsyncLocalStorage<ReadonlySet<object>>();

/**
 * What DSPy's `Teleprompter` does around every `compile`: fires the `onCompileStart` /
 * `onCompileEnd` callbacks with the compile's arguments by name — once per optimizer call, so a
 * compile that re-enters itself (or `compileJob` around `compile`) reports one compile, as
 * DSPy's reentrancy guard does.
 *
 * @example
 * async compile(student, options, context) {
 *   return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
 * }
 */
export function compileWithCallbacks<T>(
  optimizer: object,
  inputs: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  const active = activeCompiles.getStore();
  if (active?.has(optimizer)) return run();
  const inside = new Set(active ?? []).add(optimizer);
  return activeCompiles.run(inside, () => withCallbacks("compile", optimizer, inputs, run, "compile"));
}
