import { describe, expect, it } from "vitest";
import { CodeInterpreterError } from "../errors/code-interpreter-errors.js";
import { checkGuestName } from "./interpreter-tools.js";
import { fromSandboxJson, toSandboxJson } from "./sandbox-json.js";

describe("toSandboxJson / fromSandboxJson", () => {
  it("writes non-finite numbers as Python tokens or as markers a JavaScript guest can parse", () => {
    expect(toSandboxJson([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(
      "[1.5,NaN,Infinity,-Infinity]",
    );
    const markers = toSandboxJson({ x: Number.NEGATIVE_INFINITY }, "markers");
    expect(markers).toBe('{"x":{"__dspy_float__":"-Infinity"}}');
    expect(fromSandboxJson(markers)).toEqual({ x: Number.NEGATIVE_INFINITY });
  });

  it("turns sets, maps, dates and bigints into JSON values", () => {
    const date = new Date("2026-01-02T03:04:05.000Z");
    expect(JSON.parse(toSandboxJson({ s: new Set([1, 2]), m: new Map([["k", 1]]), d: date, b: 10n }))).toEqual({
      s: [1, 2],
      m: { k: 1 },
      d: "2026-01-02T03:04:05.000Z",
      b: 10,
    });
  });

  it("refuses functions, symbols, class instances without toJSON and cycles", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [() => 1, Symbol("s"), new (class Opaque {})(), cycle]) {
      expect(() => toSandboxJson({ value })).toThrow(CodeInterpreterError);
    }
    // The same object twice is not a cycle.
    const shared = { a: 1 };
    expect(toSandboxJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });

  it("keeps a __proto__ key as data", () => {
    expect(Object.keys(fromSandboxJson('{"__proto__": 1}') as object)).toEqual(["__proto__"]);
  });
});

describe("checkGuestName", () => {
  it.each(["x", "llm_query", "_private", "SUBMIT2"])("accepts %s", (name) => {
    expect(() => checkGuestName(name, "tool")).not.toThrow();
  });
  it.each(["my-tool", "1x", "", "a b", "_dspy_execute"])("refuses %j", (name) => {
    expect(() => checkGuestName(name, "tool")).toThrow(CodeInterpreterError);
  });
});
