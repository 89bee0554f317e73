import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pyRound } from "./py-round.js";

// [repr(x), ndigits | null, repr(round(x, ndigits))] from CPython 3.11 (__fixtures__/py-round.py).
const cases = JSON.parse(readFileSync(new URL("./__fixtures__/py-round.json", import.meta.url), "utf8")) as [
  string,
  number | null,
  string,
][];

describe("pyRound agrees with CPython's round()", () => {
  it("has the fixture", () => expect(cases.length).toBeGreaterThan(5000));

  it("matches every fixture value bit for bit (sign of zero included)", () => {
    const mismatches = cases
      .map(([x, n, expected]) => {
        const got = pyRound(Number.parseFloat(x), n ?? undefined);
        return Object.is(got, Number(expected)) ? null : { x, n, expected, got };
      })
      .filter((mismatch) => mismatch !== null);
    expect(mismatches).toEqual([]);
  });

  it("rounds exact binary ties half to even, unlike toFixed", () => {
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect((0.125).toFixed(2)).toBe("0.13");
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(2.5)).toBe(2);
    expect(pyRound(-2.5)).toBe(-2);
  });

  it("rounds the stored value, not the decimal literal", () => {
    expect(pyRound(2.675, 2)).toBe(2.67);
    expect(pyRound(1.005, 2)).toBe(1);
  });

  it("keeps NaN, infinities and signed zeros when ndigits is given", () => {
    expect(pyRound(Number.NaN, 2)).toBeNaN();
    expect(pyRound(Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(pyRound(-0.001, 2), -0)).toBe(true);
    expect(Object.is(pyRound(-5, -400), -0)).toBe(true);
  });

  it("raises Python's errors", () => {
    expect(() => pyRound(Number.NaN)).toThrow("cannot convert float NaN to integer");
    expect(() => pyRound(Number.NEGATIVE_INFINITY)).toThrow("cannot convert float infinity to integer");
    expect(() => pyRound(1.7976931348623157e308, -308)).toThrow("rounded value too large to represent");
    expect(() => pyRound(1, 1.5)).toThrow("cannot be interpreted as an integer");
  });
});
