import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JiterError, jiterParse } from "./jiter-parse.js";

interface JiterCase {
  text: string;
  partialKeys: string[] | null | "not-an-object";
  strict: boolean;
}

const golden = JSON.parse(
  readFileSync(new URL("./__fixtures__/jiter-golden.json", import.meta.url), "utf8"),
) as JiterCase[];

function partialKeys(text: string): string[] | null | "not-an-object" {
  try {
    const value = jiterParse(text, { partial: true });
    return value instanceof Map ? [...value.keys()] : "not-an-object";
  } catch (error) {
    if (error instanceof JiterError) return null;
    throw error;
  }
}

function strictOk(text: string): boolean {
  try {
    jiterParse(text, { partial: false });
    return true;
  } catch (error) {
    if (error instanceof JiterError) return false;
    throw error;
  }
}

describe("jiterParse matches jiter.from_json (golden cases from jiter 0.19)", () => {
  it.each(golden.map((c) => [JSON.stringify(c.text), c] as const))("%s", (_, c) => {
    expect(partialKeys(c.text)).toEqual(c.partialKeys);
    expect(strictOk(c.text)).toBe(c.strict);
  });

  it("keeps a repeated key at its first position with the latest value, as a Python dict", () => {
    const value = jiterParse('{"a": 1, "b": 2, "a": 3}', { partial: false }) as Map<string, unknown>;
    expect([...value.entries()]).toEqual([
      ["a", 3],
      ["b", 2],
    ]);
  });

  it("decodes escapes and surrogate pairs, and cuts a partial escape off", () => {
    expect(jiterParse('"a\\n\\u00e9\\ud83d\\ude00"', { partial: false })).toBe("a\né😀");
    expect(jiterParse('{"k": "x\\ud83d\\ude', { partial: true })).toEqual(new Map([["k", "x"]]));
  });
});
