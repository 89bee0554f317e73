import type { LMOutput } from "./base-lm.js";
import type { Message } from "./message.js";

/**
 * Token usage in DSPy's (OpenAI's) shape: `prompt_tokens`, `completion_tokens`, `total_tokens`,
 * and `*_tokens_details` when the provider reports them. `{}` on a cache hit.
 */
export type LMUsage = Record<string, unknown>;

/** One LM call as DSPy records it in `lm.history` (`BaseLM` history entry), minus the raw response. */
export interface LMHistoryEntry {
  /** DSPy's `prompt`; always `null` here because calls take messages. */
  prompt: string | null;
  messages: Message[];
  /** The call's own kwargs (not the LM defaults), without credentials. */
  kwargs: Record<string, unknown>;
  outputs: LMOutput[];
  usage: LMUsage;
  /** Cost in USD when the provider reports it, else `null`. */
  cost: number | null;
  /** Local time as Python's `datetime.now().isoformat()` writes it. */
  timestamp: string;
  uuid: string;
  model: string;
  /** The model the provider says answered, e.g. `"gpt-4o-mini-2024-07-18"`. */
  responseModel: string | null;
  modelType: "chat" | "text";
  /** Whether the outputs came from the cache (then `usage` is `{}`). */
  cacheHit: boolean;
}

/**
 * Python's `datetime.now().isoformat()` for a local time: `YYYY-MM-DDTHH:MM:SS.ffffff`, with the
 * fraction left out when it is zero, as Python does.
 *
 * @example
 * pythonIsoTimestamp(new Date(2026, 0, 2, 3, 4, 5, 6)); // "2026-01-02T03:04:05.006000"
 */
export function pythonIsoTimestamp(date: Date = new Date()): string {
  const base =
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const milliseconds = date.getMilliseconds();
  return milliseconds === 0 ? base : `${base}.${pad(milliseconds, 3)}000`;
}

// Module-level rather than a closure per call: every LM call stamps its history entry.
function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

const SECRET_HEADERS = new Set(["authorization", "api-key", "x-api-key", "x-goog-api-key", "proxy-authorization"]);

/**
 * Call kwargs as history keeps them: DSPy drops every key starting with `api_`; credentials in
 * `headers` and camelCase `apiKey` are dropped too, so no secret is ever recorded.
 *
 * @example
 * redactKwargs({ api_key: "sk-1", temperature: 0 }); // { temperature: 0 }
 */
export function redactKwargs(kwargs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  // for...in without the entries arrays: this runs on every LM call, usually over few keys.
  for (const key in kwargs) {
    if (!Object.hasOwn(kwargs, key)) continue;
    const value = kwargs[key];
    if (key.startsWith("api_") || key === "apiKey") continue;
    if (key === "headers" && value !== null && typeof value === "object") {
      kept[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase())),
      );
      continue;
    }
    kept[key] = value;
  }
  return kept;
}
