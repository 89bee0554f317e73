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

  it("orders two keys and many keys by code point, with and without surrogates", () => {
    expect(orjsonDumps({ "😀": 1, "\uffff": 2 })).toBe('{"\uffff":2,"😀":1}');
    expect(orjsonDumps({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(orjsonDumps({ c: 1, b: 2, a: 3 })).toBe('{"a":3,"b":2,"c":1}');
  });

  it("escapes a long string the same when it is seen again, and after many others", () => {
    const long = `"line"\n${"x".repeat(200)}\u0001é`;
    const expected = `{"content":${JSON.stringify(long)}}`;
    expect(orjsonDumps({ content: long })).toBe(expected);
    for (let index = 0; index < 600; index++) orjsonDumps({ [`k${index}`]: `${"y".repeat(150)}${index}` });
    expect(orjsonDumps({ content: long })).toBe(expected);
    expect(orjsonDumps({ content: `${long}` })).toBe(expected);
  });
});
