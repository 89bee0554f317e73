import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalize } from "../../scripts/oracle/compare.js";
import { runCase } from "../../scripts/oracle/run-case.js";

// Golden results were produced by real Python DSPy 3.4.1 (scripts/oracle/make-golden.sh); this
// test needs no Python and asserts that our adapters give the same messages, parses and errors.
const read = (name: string) => JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8")) as Record<string, unknown>[];
const cases = read("./adapter-cases.json");
const results = read("./adapter-results.json");

describe("adapter cases agree with Python DSPy 3.4.1", () => {
  it("has a result for every case", () => {
    expect(results.map((result) => result.id)).toEqual(cases.map((testCase) => testCase.id));
    expect(cases.length).toBeGreaterThanOrEqual(400);
  });
  it.each(cases.map((testCase, index) => [testCase.id as string, testCase, results[index]]))("%s", (_id, testCase, expected) => {
    expect(normalize(runCase(testCase))).toEqual(normalize(expected));
  });
});
