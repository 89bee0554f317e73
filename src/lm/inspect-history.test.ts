import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { LMOutput } from "./base-lm.js";
import { formatHistory } from "./inspect-history.js";
import { pythonIsoTimestamp } from "./lm-history.js";
import type { Message } from "./message.js";

// Produced by DSPy 3.4.1's pretty_print_history (see __fixtures__/inspect-history.py).
const fixture = JSON.parse(readFileSync(new URL("./__fixtures__/inspect-history.json", import.meta.url), "utf8")) as {
  history: {
    messages: Message[];
    outputs: (string | { text: string | null; tool_calls?: unknown[] })[];
    timestamp: string;
  }[];
  plain: string;
  colored: string;
};

/** Python entries keep outputs as strings or dicts; ours are always objects. */
const history = fixture.history.map((entry) => ({
  prompt: null,
  messages: entry.messages,
  timestamp: entry.timestamp,
  outputs: entry.outputs.map(
    (output): LMOutput =>
      typeof output === "string" ? { text: output } : { text: output.text, toolCalls: output.tool_calls },
  ),
}));

describe("formatHistory", () => {
  it("matches DSPy's plain output for text, media blocks, tool calls and several completions", () => {
    expect(formatHistory(history, 3, { colors: false })).toBe(fixture.plain);
  });

  it("matches DSPy's coloured stdout output", () => {
    expect(formatHistory(history.slice(0, 1), 1)).toBe(fixture.colored);
  });

  it("shows only the last n entries", () => {
    const last = formatHistory(history, 1, { colors: false });
    expect(last).toContain("[2026-01-02T03:04:07.5]");
    expect(last).not.toContain("[2026-01-02T03:04:06]");
  });
});

describe("pythonIsoTimestamp", () => {
  it("writes microseconds, and leaves them out when zero, like datetime.isoformat()", () => {
    expect(pythonIsoTimestamp(new Date(2026, 0, 2, 3, 4, 5, 6))).toBe("2026-01-02T03:04:05.006000");
    expect(pythonIsoTimestamp(new Date(2026, 10, 12, 23, 59, 0, 0))).toBe("2026-11-12T23:59:00");
  });
});
