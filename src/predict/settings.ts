import type { Adapter } from "../adapters/adapter.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { LMRecordSettings } from "../lm/record-lm-call.js";
import type { CodeInterpreterFactory } from "../primitives/code-interpreter.js";
import { HistoryLog } from "../primitives/history-log.js";
import type { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import type { BaseCallback, CallbackSettings } from "../utils/callback.js";
import { currentSettings, enterSettings, hasSettings, runWithSettings } from "../utils/settings-store.js";
import type { UsageSettings, UsageTracker } from "../utils/usage-tracker.js";
import type { StreamSettings, StreamSink } from "./stream-sink.js";

/** One recorded predictor call: which predictor, its inputs, its prediction. */
export interface TraceEntry {
  predictor: unknown;
  inputs: Record<string, unknown>;
  prediction: Prediction;
}

/**
 * DSPy's settings: the LM and adapter used when a module has none of its own, tracing,
 * callbacks, usage tracking and history. The lower layers read their own keys through the
 * interfaces this one extends.
 */
export interface Settings
  extends Partial<CallbackSettings>,
    Partial<UsageSettings>,
    Partial<LMRecordSettings>,
    Partial<StreamSettings> {
  lm?: BaseLM | undefined;
  adapter?: Adapter | undefined;
  /** When set, predictor calls are appended here (optimizers read it). */
  trace?: TraceEntry[] | undefined;
  maxTraceSize: number;
  /** Global callbacks (DSPy's `callbacks`), run before each instance's own. */
  callbacks?: readonly BaseCallback[];
  /** DSPy's `track_usage`: top-level module calls attach `getLmUsage()` to their predictions. */
  trackUsage?: boolean;
  /** The usage tracker of the enclosing `trackUsage(...)` scope, if any (DSPy's `usage_tracker`). */
  usageTracker?: UsageTracker | undefined;
  /** The global LM call history (DSPy's `GLOBAL_HISTORY`); `configure` and `context` create one when absent. */
  history?: HistoryLog | undefined;
  /** DSPy's `disable_history`: record no LM call in any history. */
  disableHistory?: boolean;
  /** DSPy's `max_history_size` for LM and module histories (default 10 000). */
  maxHistorySize?: number;
  /** DSPy's `caller_modules`: the modules whose calls are running, outermost first (set by module calls). */
  callerModules?: readonly Module[] | undefined;
  /** DSPy's `send_stream`: where the enclosing `streamify` call collects the stream (set by `streamify`). */
  sendStream?: StreamSink | undefined;
  /** DSPy's `interpreter_factory`: creates the sandbox for code-running modules (default: a `PythonInterpreter`). */
  interpreterFactory?: CodeInterpreterFactory | undefined;
}

const DEFAULTS: Settings = Object.freeze({ maxTraceSize: 10_000 });

// Settings live in the async context (src/utils/settings-store.ts), never in a module-level
// variable: concurrent jobs with different LMs cannot see each other's configuration.

/**
 * The settings in effect for the current async context.
 *
 * @example
 * settings().lm?.model;
 */
export function settings(): Settings {
  if (!hasSettings()) return DEFAULTS;
  const store = currentSettings<Settings>();
  // A scope opened below this layer (e.g. `trackUsage`) may lack the defaults.
  return store.maxTraceSize === undefined ? { ...DEFAULTS, ...store } : (store as Settings);
}

/**
 * Sets settings for the rest of the current async context (DSPy's `dspy.configure`). The first
 * call creates the context's global `history` log, which later calls keep.
 *
 * @example
 * configure({ lm: new LM("openai/gpt-4o-mini") });
 */
export function configure(overrides: Partial<Settings>): void {
  enterSettings(withHistory({ ...settings(), ...overrides }));
}

/**
 * Runs `fn` with settings overridden only inside it (DSPy's `with dspy.context(...)`). The
 * global `history` is the enclosing one, or a new log when there is none.
 *
 * @example
 * await context({ lm: cheapLM }, () => program.call({ question }));
 */
export function context<T>(overrides: Partial<Settings>, fn: () => T): T {
  return runWithSettings(withHistory({ ...settings(), ...overrides }), fn);
}

// DSPy's GLOBAL_HISTORY is process-wide; here each settings scope owns one (see HistoryLog), so
// a scope without one gets a fresh log instead of sharing a module-level list.
function withHistory(merged: Settings): Settings {
  return merged.history ? merged : { ...merged, history: new HistoryLog() };
}
