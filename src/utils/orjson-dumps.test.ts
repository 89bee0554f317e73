import { describe, expect, it } from "vitest";
import { orjsonDumps, orjsonNumber } from "./orjson-dumps.js";

// Expected strings were printed by orjson 3.x (`orjson.dumps(v, option=OPT_SORT_KEYS)`) in the DSPy 3.4.1 venv.
describe("orjsonNumber", () => {
  it.each([
    [0.5, "0.5"],
    [2, "2.0"],
    [1e-5, "0.00001"],
    [1e-6, "1e-6"],
    [1.5e-7, "1.5e-7"],
    [1e15, "1000000000000000.0"],
    [1e16, "1e+16"],
    [1.2345678901234567e19, "1.2345678901234567e+19"],
    [-0, "-0.0"],
    [0.1 + 0.2, "0.30000000000000004"],
    [123.456, "123.456"],
    [1e-10, "1e-10"],
    [5e-324, "5e-324"],
    [1e300, "1e+300"],
  ])("formats the float %d like orjson", (value, expected) => {
    expect(orjsonNumber(value, true)).toBe(expected);
  });

  it("prints integral numbers as ints unless asked for a float", () => {
    expect(orjsonNumber(1000, false)).toBe("1000");
    expect(orjsonNumber(1000, true)).toBe("1000.0");
  });
});

describe("orjsonDumps", () => {
  it("sorts keys by code point at every depth and keeps non-ASCII raw", () => {
    const value = { z: { b: 1, a: [{ d: null, c: true }] }, é: "\u0001\t\u2028/", A: "😀", "\uffff": 1, "😀": 2 };
    expect(orjsonDumps(value)).toBe(
      '{"A":"😀","z":{"a":[{"c":true,"d":null}],"b":1},"é":"\\u0001\\t\u2028/","\uffff":1,"😀":2}',
    );
  });

  it("renders integral values of float keys as floats", () => {
    const text = orjsonDumps({ temperature: 0, max_tokens: 1000 }, { floatKeys: new Set(["temperature"]) });
    expect(text).toBe('{"max_tokens":1000,"temperature":0.0}');
  });
});
