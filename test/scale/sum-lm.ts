import { Example } from "../../src/primitives/example.js";
import type { RecordedRequest, ScriptedRule } from "../../src/test/index.js";

/**
 * `count` examples "What is a + b?" with their sums; the scripted LM answers every seventh one
 * wrong, so the score is neither 0 nor 100.
 *
 * @example
 * sumDevset(3)[0].get("question"); // "What is 0 + 1?"
 */
export function sumDevset(count: number): Example[] {
  return Array.from({ length: count }, (_, index) =>
    new Example({ question: `What is ${index} + ${index + 1}?`, answer: String(2 * index + 1) }).withInputs("question"),
  );
}

/** The question a chat request asks, e.g. "What is 3 + 4?". */
export function questionOf(request: RecordedRequest): string {
  return /What is \d+ \+ \d+\?/.exec(request.lastUserMessage)?.[0] ?? "";
}

/** The reply of the scripted LM (ChatAdapter format); wrong for every seventh question. */
export function sumReply(request: RecordedRequest): string {
  const [, a = "0", b = "0"] = /What is (\d+) \+ (\d+)\?/.exec(request.lastUserMessage) ?? [];
  const sum = Number(a) + Number(b);
  const answer = Number(a) % 7 === 3 ? sum + 1 : sum;
  return `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;
}

/**
 * A provider-style rate limit per API key: at most `perSecond` requests in any one-second
 * window; beyond it, 429 with `retry-after-ms` saying when a slot frees (the LM retries then).
 *
 * @example
 * server.rules = [perKeyRateLimit(8), { reply: sumReply, latencyMs: 20 }];
 */
export function perKeyRateLimit(perSecond: number): ScriptedRule & { limited: () => number } {
  const windows = new Map<string, number[]>();
  let limited = 0;
  let retryMs = 0;
  return {
    match: (request) => {
      if (!request.path.endsWith("/chat/completions")) return false;
      const key = String(request.headers.authorization ?? "");
      const now = Date.now();
      const recent = (windows.get(key) ?? []).filter((at) => now - at < 1000);
      windows.set(key, recent);
      if (recent.length < perSecond) {
        recent.push(now);
        return false;
      }
      limited++;
      retryMs = Math.max(1, 1000 - (now - (recent[0] as number)));
      return true;
    },
    get fault() {
      return {
        type: "status" as const,
        status: 429,
        message: "Rate limit reached for this key.",
        headers: { "retry-after-ms": String(retryMs) },
      };
    },
    limited: () => limited,
  };
}
