import type { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { withCallbacks } from "../utils/callback.js";
import { runWithSettings } from "../utils/settings-store.js";
import { trackUsage } from "../utils/usage-tracker.js";
import { settings } from "./settings.js";

/**
 * What DSPy's `Module.__call__` does around `forward`, for any module's `call`:
 * - fires the `onModuleStart`/`onModuleEnd` callbacks (global, then the module's own) with
 *   DSPy's inputs `{ args: [], kwargs }`;
 * - puts the module on the settings' `callerModules`, so every LM call made inside is also
 *   recorded in `module.history`;
 * - when `trackUsage` is on and no usage scope is open yet (a top-level call), opens one and
 *   attaches the per-model totals to the returned prediction (`getLmUsage()`).
 *
 * Each call gets its own async scope, so concurrent calls never mix their usage or callers.
 *
 * @example
 * class RAG extends Module {
 *   generate = new ChainOfThought("context, question -> answer");
 *   call(inputs: { question: string }) {
 *     return callModule(this, inputs, () => this.forward(inputs));
 *   }
 *   async forward(inputs: { question: string }) {
 *     return this.generate.call({ context: await search(inputs.question), ...inputs });
 *   }
 * }
 */
export function callModule<T>(module: Module, kwargs: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
  return withCallbacks("module", module, { args: [], kwargs }, () => runInModuleScope(module, run), "__call__");
}

function runInModuleScope<T>(module: Module, run: () => Promise<T>): Promise<T> {
  const current = settings();
  const scope = { ...current, callerModules: [...(current.callerModules ?? []), module] };
  return runWithSettings(scope, async () => {
    // Only the outermost module call owns a tracker; nested calls report into it (DSPy's check
    // that no `usage_tracker` is set yet).
    if (!current.trackUsage || current.usageTracker) return await run();
    let output: T | undefined;
    const usage = await trackUsage(async (tracker) => {
      output = await run();
      return tracker.getTotalTokens();
    });
    attachUsage(output, usage);
    return output as T;
  });
}

/** DSPy's `Module._set_lm_usage`: on the prediction, or on the first item of a returned tuple. */
function attachUsage(output: unknown, usage: Record<string, Record<string, unknown>>): void {
  const prediction = Array.isArray(output) ? output[0] : output;
  if (prediction instanceof Prediction) {
    prediction.setLmUsage(usage);
    return;
  }
  process.emitWarning(
    "Failed to set LM usage. Please return `dspy.Prediction` object from dspy.Module to enable usage tracking.",
    { code: "DSPY_USAGE" },
  );
}
