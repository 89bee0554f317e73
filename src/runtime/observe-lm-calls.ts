import type { Message } from "../lm/message.js";
import type { BaseCallback, CallbackSettings } from "../utils/callback.js";
import { currentSettings, runWithSettings } from "../utils/settings-store.js";

/** One finished LM call, as {@link observeLmCalls} reports it. */
export interface ObservedLmCall {
  /** The LM's model string, e.g. `"openai/gpt-4o-mini"`. */
  model: string;
  /** The messages sent. */
  messages: readonly Message[];
  /** The texts returned (one per completion); empty when the call failed. */
  outputs: string[];
  /** Token counts summed over the call's completions (`{}` when served by the cache). */
  usage: Record<string, number>;
  /** Served by the cache (or by joining an identical call in flight): nothing was billed. */
  cached: boolean;
  durationMs: number;
  /** The error's message when the call failed. */
  error?: string;
}

interface Started {
  model: string;
  messages: readonly Message[];
  startedAt: number;
}

/**
 * Runs `run` with an extra callback that reports every LM call made inside it (at any depth,
 * across awaits) to `onCall` once the call ends. Jobs use it for their `lm-call` events, and
 * evaluations for the prompts shown beside each example.
 *
 * @example
 * const calls: ObservedLmCall[] = [];
 * await observeLmCalls((call) => calls.push(call), () => program.call({ question }));
 */
export function observeLmCalls<T>(onCall: (call: ObservedLmCall) => void, run: () => T): T {
  const started = new Map<string, Started>();
  const observer: BaseCallback = {
    onLmStart(callId, instance, inputs) {
      const model = String((instance as { model?: unknown }).model ?? "unknown");
      const messages = Array.isArray(inputs.messages) ? (inputs.messages as Message[]) : [];
      started.set(callId, { model, messages, startedAt: performance.now() });
    },
    onLmEnd(callId, outputs, exception) {
      const call = started.get(callId);
      if (!call) return;
      started.delete(callId);
      const list = Array.isArray(outputs) ? (outputs as { text?: unknown; usage?: unknown }[]) : [];
      const usage = sumUsage(list.map((output) => output.usage));
      const observed: ObservedLmCall = {
        model: call.model,
        messages: call.messages,
        outputs: list.map((output) => (typeof output.text === "string" ? output.text : "")),
        usage,
        // An LM answered from its cache reports an empty usage; one that reports none was not cached.
        cached:
          exception === null &&
          list.length > 0 &&
          list.every((output) => output.usage !== undefined && Object.keys(usage).length === 0),
        durationMs: Math.round((performance.now() - call.startedAt) * 1000) / 1000,
      };
      if (exception !== null) observed.error = String((exception as Error)?.message ?? exception);
      onCall(observed);
    },
  };
  const current = currentSettings<CallbackSettings>();
  return runWithSettings({ ...current, callbacks: [...(current.callbacks ?? []), observer] }, run);
}

function sumUsage(usages: unknown[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const usage of usages) {
    if (usage === null || typeof usage !== "object") continue;
    for (const [key, value] of Object.entries(usage)) {
      if (typeof value === "number") total[key] = (total[key] ?? 0) + value;
    }
  }
  return total;
}
