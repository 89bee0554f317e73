import { AsyncLocalStorage } from "node:async_hooks";

// The one async-context store behind DSPy's settings. It sits in utils, below every layer, so
// that the LM, the adapters and tools can read what they need (callbacks, the usage tracker,
// the history log) without importing src/predict. src/predict/settings.ts owns the full,
// typed `Settings`; each lower layer reads the keys it knows through a narrow interface of its
// own (e.g. `CallbackSettings`), and `Settings` extends all of them so the types stay in step.
// Nothing here is module-level mutable state: the store only holds per-async-context values.
const storage = new AsyncLocalStorage<object>();

/**
 * The settings object of the current async context, seen through a layer's own view of it
 * (every key optional); `{}` outside any `configure`/`context`.
 *
 * @example
 * const { callbacks = [] } = currentSettings<CallbackSettings>();
 */
export function currentSettings<View extends object>(): Partial<View> {
  return (storage.getStore() ?? {}) as Partial<View>;
}

/**
 * Runs `fn` with `store` as the settings of its async context (and of everything it starts).
 *
 * @example
 * runWithSettings({ ...currentSettings(), usageTracker: tracker }, () => program.call(inputs));
 */
export function runWithSettings<T>(store: object, fn: () => T): T {
  return storage.run(store, fn);
}

/**
 * Makes `store` the settings for the rest of the current async context (DSPy's `configure`).
 *
 * @example
 * enterSettings({ ...currentSettings(), lm });
 */
export function enterSettings(store: object): void {
  storage.enterWith(store);
}

/**
 * Whether any `configure`/`context` is in effect in the current async context.
 *
 * @example
 * hasSettings(); // false at the top of a fresh script
 */
export function hasSettings(): boolean {
  return storage.getStore() !== undefined;
}
