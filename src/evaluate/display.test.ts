import { describe, expect, it } from "vitest";
import { Example } from "../primitives/example.js";
import { Prediction } from "../primitives/prediction.js";
import { ProgressLine } from "./progress-line.js";
import { formatResultTable } from "./result-table.js";

describe("result table", () => {
  const results: [Example, Prediction, number | boolean][] = [
    [new Example({ question: "2+2?", answer: "4" }), new Prediction({ answer: "4" }), true],
    [
      new Example({ question: "long?", answer: "x" }),
      new Prediction({ reasoning: Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ") }),
      0.5,
    ],
  ];

  it("renames colliding fields, adds the metric column and truncates long cells as DSPy does", () => {
    const lines = formatResultTable(results, "answerExactMatch").split("\n");
    expect(lines[0]?.split(/\s{2,}/).filter(Boolean)).toEqual([
      "question",
      "example_answer",
      "pred_answer",
      "answerExactMatch",
      "answer",
      "reasoning",
    ]);
    expect(lines[1]).toContain("✔️ [True]");
    expect(lines[2]).toContain("✔️ [0.500]");
    expect(lines[2]).toContain("w24...");
    expect(lines[2]).not.toContain("w25");
  });

  it("limits the rows and says how many were left out", () => {
    const text = formatResultTable(results, "m", 1);
    expect(text.split("\n")).toHaveLength(3);
    expect(text.endsWith("... 1 more rows not displayed ...")).toBe(true);
  });
});

describe("progress line", () => {
  const progress = { done: 3, total: 4, errors: 1, sum: 1, score: 50 };

  it("writes only the final line when not on a terminal", () => {
    const written: string[] = [];
    const line = new ProgressLine({ write: (text: string) => written.push(text), isTTY: false });
    line.update({ ...progress, done: 1 });
    line.update(progress);
    expect(written).toEqual([]);
    line.end();
    expect(written).toEqual(["Average Metric: 1.00 / 2 (50.0%) [3/4]\n"]);
  });

  it("redraws in place on a terminal", () => {
    const written: string[] = [];
    const line = new ProgressLine({ write: (text: string) => written.push(text), isTTY: true });
    line.update(progress);
    line.end();
    expect(written).toEqual(["\rAverage Metric: 1.00 / 2 (50.0%) [3/4]", "\n"]);
  });
});
