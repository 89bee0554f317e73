import { describe, expect, it } from "vitest";
import { DSPyError } from "../errors/dspy-error.js";
import { pyPstdev } from "./py-statistics.js";

describe("pyPstdev", () => {
  // Values printed by CPython 3.11's statistics.pstdev.
  const cases: [number[], number][] = [
    [[100, 40, 0, 0], 40.92676385936225],
    [[0.1, 0.2, 0.3], 0.0816496580927726],
    [[1e-300, 3e-300], 1.0000000000000002e-300],
    [[66.67, 33.33, 100, 12.5, 0], 36.55346166917711],
    [[5], 0],
    [[1e16, 1, -1e16], 8164965809277260],
    [[2.5, 2.5, 2.5], 0],
  ];
  for (const [values, expected] of cases) {
    it(`pstdev(${JSON.stringify(values)})`, () => {
      expect(pyPstdev(values)).toBe(expected);
    });
  }

  it("differs from the naive floating-point formula where Python's exact one does", () => {
    const values = [56.92, 80.23, 6.31];
    const mean = values.reduce((a, b) => a + b) / values.length;
    const naive = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(naive).toBe(30.856107985291988);
    expect(pyPstdev(values)).toBe(30.85610798529199);
  });

  it("needs one value, as Python's StatisticsError says", () => {
    expect(() => pyPstdev([])).toThrow(DSPyError);
    expect(() => pyPstdev([])).toThrow("pstdev requires at least one data point");
  });
});
