import { HistoryLog } from "../primitives/history-log.js";
import { currentSettings } from "../utils/settings-store.js";
import { formatHistory } from "./inspect-history.js";
import type { LMHistoryEntry } from "./lm-history.js";
import type { LMRecordSettings } from "./record-lm-call.js";

/** Where {@link inspectHistory} reads: a history log, or anything with a `history` (a module, an LM). */
export type HistorySource = HistoryLog | { readonly history: HistoryLog | readonly object[] };

/** Options for {@link inspectHistory}. */
export interface InspectHistoryOptions {
  /** Write here, without colours (default: stdout, with DSPy's ANSI colours). */
  output?: { write(text: string): unknown };
  /** Print this history instead of the context's global one: `{ of: program }` is DSPy's `program.inspect_history(n)`. */
  of?: HistorySource;
}

/**
 * DSPy's `dspy.inspect_history(n)`: prints the last `n` LM calls of the global history — the
 * `history` log of the current settings context — in DSPy's format (`pretty_print_history`).
 * With `of`, prints a module's (or an LM's, or any log's) history instead. Returns the text.
 *
 * @example
 * configure({ lm });
 * await program.call({ question });
 * inspectHistory(1);                  // the last call any LM made in this context
 * inspectHistory(2, { of: program }); // the last two calls made while `program` ran
 */
export function inspectHistory(n = 1, options: InspectHistoryOptions = {}): string {
  const text = formatHistory(entriesOf(options.of), n, { colors: options.output === undefined });
  (options.output ?? process.stdout).write(text);
  return text;
}

function entriesOf(source: HistorySource | undefined): readonly LMHistoryEntry[] {
  const history = source === undefined ? currentSettings<LMRecordSettings>().history : source;
  const log = history instanceof HistoryLog || history === undefined ? history : history.history;
  // History logs hold LM entries; their type is loose only because the log class sits below the LM.
  return ((log instanceof HistoryLog ? log.entries : log) ?? []) as readonly LMHistoryEntry[];
}
