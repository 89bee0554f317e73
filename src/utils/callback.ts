import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "./lazy-module.js";
import { currentSettings } from "./settings-store.js";

/**
 * DSPy's `BaseCallback` (`dspy/utils/callback.py`): handlers called before and after DSPy
 * components run. Implement only the hooks you need. DSPy's snake_case names map 1:1:
 *
 * | DSPy                                            | here                                      | fired around            |
 * | ----------------------------------------------- | ----------------------------------------- | ----------------------- |
 * | `on_module_start` / `on_module_end`             | `onModuleStart` / `onModuleEnd`           | `Predict.call`, `callModule` |
 * | `on_lm_start` / `on_lm_end`                     | `onLmStart` / `onLmEnd`                   | `LM.call`               |
 * | `on_adapter_format_start` / `_end`              | `onAdapterFormatStart` / `onAdapterFormatEnd` | formatting in `Adapter.call` |
 * | `on_adapter_parse_start` / `_end`               | `onAdapterParseStart` / `onAdapterParseEnd`   | each parse in `Adapter.call` |
 * | `on_tool_start` / `on_tool_end`                 | `onToolStart` / `onToolEnd`               | `Tool.call`, `Tool.acall` |
 * | `on_evaluate_start` / `on_evaluate_end`         | `onEvaluateStart` / `onEvaluateEnd`       | `Evaluate` runs         |
 * | `on_compile_start` / `on_compile_end`           | `onCompileStart` / `onCompileEnd`         | optimizer `compile`     |
 *
 * Start hooks get `(callId, instance, inputs)`, end hooks `(callId, outputs, exception)`, as
 * DSPy passes them: `callId` is a uuid4 hex that pairs a start with its end; `inputs` holds the
 * call's arguments by name (DSPy's shapes: a module gets `{ args: [], kwargs }`, an LM
 * `{ prompt, messages, kwargs }`, format `{ signature, demos, inputs }`, parse
 * `{ signature, completion }`, a tool `{ kwargs }`); `outputs` is `null` when the call threw,
 * and `exception` is `null` when it did not. A hook that throws (or rejects) is logged as a
 * warning and never breaks the program.
 *
 * @example
 * const logging: BaseCallback = {
 *   onLmStart: (callId, lm, inputs) => console.log("LM called with", inputs.messages),
 *   onLmEnd: (callId, outputs) => console.log("LM returned", outputs),
 * };
 * await context({ callbacks: [logging] }, () => qa.call({ question }));
 */
export interface BaseCallback {
  onModuleStart?(callId: string, instance: unknown, inputs: Record<string, unknown>): unknown;
  onModuleEnd?(callId: string, outputs: unknown, exception: unknown): unknown;
  onLmStart?(callId: string, instance: unknown, inputs: Record<string, unknown>): unknown;
  onLmEnd?(callId: string, outputs: unknown, exception: unknown): unknown;
  onAdapterFormatStart?(callId: string, instance: unknown, inputs: Record<string, unknown>): unknown;
  onAdapterFormatEnd?(callId: string, outputs: unknown, exception: unknown): unknown;
  onAdapterParseStart?(callId: string, instance: unknown, inputs: Record<string, unknown>): unknown;
  onAdapterParseEnd?(callId: string, outputs: unknown, exception: unknown): unknown;
  onToolStart?(callId: string, instance: unknown, inputs: Record<string, unknown>): unknown;
  onToolEnd?(callId: string, outputs: unknown, exception: unknown): unknown;
  onEvaluateStart?(callId: string, instance: unknown, inputs: Record<string, unknown>): unknown;
  onEvaluateEnd?(callId: string, outputs: unknown, exception: unknown): unknown;
  onCompileStart?(callId: string, instance: unknown, inputs: Record<string, unknown>): unknown;
  onCompileEnd?(callId: string, outputs: unknown, exception: unknown): unknown;
  /**
   * Not in DSPy: every event a job emits (`trial-start`, `example-end`, `lm-call`, …), called
   * inside the code that emitted it, so `activeCallId()` names the call the event belongs to.
   */
  onRunEvent?(event: RunEventNotice): unknown;
}

/** What {@link BaseCallback.onRunEvent} receives: a job event (see the runtime's `JobEvent`). */
export type RunEventNotice = { type: string } & Record<string, unknown>;

/** The settings key callbacks are registered under (`context({ callbacks })`). */
export interface CallbackSettings {
  /** Global callbacks, run before the instance's own (DSPy's `settings.callbacks`). */
  callbacks: readonly BaseCallback[];
}

/** Which pair of hooks a call fires. */
export type CallbackKind = "module" | "lm" | "adapterFormat" | "adapterParse" | "tool" | "evaluate" | "compile";

type StartHook = (callId: string, instance: unknown, inputs: Record<string, unknown>) => unknown;
type EndHook = (callId: string, outputs: unknown, exception: unknown) => unknown;

const HOOKS = {
  module: ["onModuleStart", "onModuleEnd"],
  lm: ["onLmStart", "onLmEnd"],
  adapterFormat: ["onAdapterFormatStart", "onAdapterFormatEnd"],
  adapterParse: ["onAdapterParseStart", "onAdapterParseEnd"],
  tool: ["onToolStart", "onToolEnd"],
  evaluate: ["onEvaluateStart", "onEvaluateEnd"],
  compile: ["onCompileStart", "onCompileEnd"],
} as const satisfies Record<CallbackKind, readonly [keyof BaseCallback, keyof BaseCallback]>;

// DSPy's ACTIVE_CALL_ID context variable: the call whose body is running right now.
const activeCall = new AsyncLocalStorage<string>();

/**
 * The `callId` of the instrumented call whose body is running (DSPy's `ACTIVE_CALL_ID`), so a
 * hook can link a call to its parent; `undefined` outside any instrumented call.
 *
 * @example
 * onLmStart: (callId) => parents.set(callId, activeCallId())
 */
export function activeCallId(): string | undefined {
  return activeCall.getStore();
}

/**
 * DSPy's `with_callbacks`: runs `fn` between the start and end hooks of the global callbacks
 * (settings) and then the instance's own `callbacks`. Without callbacks it just calls `fn`. A
 * promise result gets its end hooks when it settles; the result and any error pass through
 * unchanged.
 *
 * @example
 * return withCallbacks("tool", this, { kwargs: args }, () => this.#run(args), "acall");
 */
export function withCallbacks<T>(
  kind: CallbackKind,
  instance: object,
  inputs: Record<string, unknown>,
  fn: () => T,
  method = "call",
): T {
  const own = (instance as { callbacks?: unknown }).callbacks;
  const global = currentSettings<CallbackSettings>().callbacks;
  const ownCount = Array.isArray(own) ? own.length : 0;
  if (ownCount === 0 && (global === undefined || global.length === 0)) return fn();
  const callbacks: BaseCallback[] = [...(global ?? []), ...(ownCount > 0 ? (own as BaseCallback[]) : [])];
  const callId = randomUUID().replaceAll("-", "");
  const [startName, endName] = HOOKS[kind];
  for (const callback of callbacks) {
    guard(`Error when calling callback ${describe(callback)}`, () =>
      (callback[startName] as StartHook | undefined)?.call(callback, callId, instance, inputs),
    );
  }
  const end = (outputs: unknown, exception: unknown) => {
    for (const callback of callbacks) {
      guard(`Error when applying callback ${describe(callback)}'s end handler on function ${method}`, () =>
        (callback[endName] as EndHook | undefined)?.call(callback, callId, outputs, exception),
      );
    }
  };
  let result: T;
  try {
    // The call's own id is active only while its body runs, not during its hooks (as DSPy).
    result = activeCall.run(callId, fn);
  } catch (error) {
    end(null, error);
    throw error;
  }
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        end(value, null);
        return value;
      },
      (error: unknown) => {
        end(null, error);
        throw error;
      },
    ) as T;
  }
  end(result, null);
  return result;
}

/** Runs one hook; a throw or a rejection becomes a warning, as DSPy logs and carries on. */
function guard(context: string, hook: () => unknown): void {
  const warn = (error: unknown) =>
    process.emitWarning(`${context}: ${error instanceof Error ? error.message : String(error)}`, {
      code: "DSPY_CALLBACK",
    });
  try {
    const returned = hook();
    if (isPromiseLike(returned)) returned.then(undefined, warn);
  } catch (error) {
    warn(error);
  }
}

function describe(callback: BaseCallback): string {
  const name = (callback as { constructor?: { name?: string } }).constructor?.name;
  return `<${name && name !== "Object" ? name : "callback"}>`;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Passes a job event to the `onRunEvent` hook of every callback in the settings in scope; a
 * hook that throws is logged as a warning, as with the other hooks.
 *
 * @example
 * notifyRunEvent({ type: "trial-start", trial: 3 });
 */
export function notifyRunEvent(event: RunEventNotice): void {
  for (const callback of currentSettings<CallbackSettings>().callbacks ?? []) {
    if (callback.onRunEvent)
      guard(`Error when calling callback ${describe(callback)}`, () => callback.onRunEvent?.(event));
  }
}
