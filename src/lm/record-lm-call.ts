import type { HistoryLog } from "../primitives/history-log.js";
import type { Module } from "../primitives/module.js";
import { currentSettings } from "../utils/settings-store.js";
import type { UsageSettings } from "../utils/usage-tracker.js";
import type { LMHistoryEntry } from "./lm-history.js";

/** The settings keys that decide where an LM call is recorded. */
export interface LMRecordSettings {
  /** DSPy's `GLOBAL_HISTORY` (entries are `LMHistoryEntry`s), scoped to the settings context (`configure` creates one). */
  history: HistoryLog | undefined;
  /** DSPy's `disable_history`: record nothing anywhere (usage is still tracked). */
  disableHistory: boolean;
  /** DSPy's `max_history_size` for LM and module histories (default 10 000; 0 keeps none). */
  maxHistorySize: number;
  /** DSPy's `caller_modules`: the modules whose calls are running, outermost first. */
  callerModules: readonly Module[] | undefined;
}

/**
 * DSPy's `finalize` + `record_history` for one finished LM call: adds its usage to the usage
 * tracker in scope (unless it was served without billing), then — unless `disableHistory` —
 * appends the entry to the context's global history, and, unless `maxHistorySize` is 0, to the
 * LM's own history and to the history of every module on the call stack.
 *
 * @example
 * recordLMCall(entry, lmHistoryLog);
 */
export function recordLMCall(
  entry: LMHistoryEntry,
  lmHistory: HistoryLog<LMHistoryEntry>,
  lmMaxHistorySize?: number,
): void {
  const settings = currentSettings<LMRecordSettings & UsageSettings>();
  if (!entry.cacheHit) settings.usageTracker?.addUsage(entry.model, entry.usage);
  if (settings.disableHistory) return;
  settings.history?.record(entry);
  const maxSize = settings.maxHistorySize ?? 10_000;
  if (maxSize === 0) return;
  lmHistory.record(entry, lmMaxHistorySize ?? maxSize);
  for (const module of settings.callerModules ?? []) module.history.record(entry, maxSize);
}
