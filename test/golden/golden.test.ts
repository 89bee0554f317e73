import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalize } from "../../scripts/oracle/compare.js";
import { runCase } from "../../scripts/oracle/run-case.js";

// Golden results were produced by real Python DSPy 3.4.1 (scripts/oracle/make-golden.sh); this
// test needs no Python and asserts that we send, parse and fail exactly as DSPy does.
const read = (name: string) => JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8")) as Record<string, unknown>[];

describe.each([
  ["adapter", 400],
  ["predict", 100],
  ["evaluate", 30],
  ["fewshot", 40],
])("%s cases agree with Python DSPy 3.4.1", (kind, minimum) => {
  const cases = read(`./${kind}-cases.json`);
  const results = read(`./${kind}-results.json`);

  it("has a result for every case", () => {
    expect(results.map((result) => result.id)).toEqual(cases.map((testCase) => testCase.id));
    expect(cases.length).toBeGreaterThanOrEqual(minimum);
  });

  it.each(cases.map((testCase, index) => [testCase.id as string, testCase, results[index]]))("%s", async (_id, testCase, expected) => {
    expect(normalize(await runCase(testCase))).toEqual(normalize(expected));
  });
});
