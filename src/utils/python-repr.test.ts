import { describe, expect, it } from "vitest";
import { floatRepr, pyJsonDumps, pyRepr, pyStr } from "./python-repr.js";

// Expected strings were printed by CPython 3.11 (repr / json.dumps(ensure_ascii=False)).
describe("floatRepr", () => {
  it.each([
    [2, "2.0"],
    [0.1, "0.1"],
    [1e-7, "1e-07"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e16, "1e+16"],
    [1e15, "1000000000000000.0"],
    [1.5e16, "1.5e+16"],
    [123456.789, "123456.789"],
    [-0, "-0.0"],
    [Number.NaN, "nan"],
    [-Infinity, "-inf"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [5e-324, "5e-324"],
  ])("%s -> %s", (value, expected) => {
    expect(floatRepr(value)).toBe(expected);
  });
});

describe("pyRepr and pyStr", () => {
  it("renders nested values as Python does", () => {
    expect(pyRepr({ a: [true, null, 1.5, 2], "b'": "it's" })).toBe(`{'a': [True, None, 1.5, 2], "b'": "it's"}`);
    expect(pyRepr("both ' and \"")).toBe(`'both \\' and "'`);
    expect(pyRepr("tab\there\nnl\x00\x7f\xa0é\u200b")).toBe("'tab\\there\\nnl\\x00\\x7f\\xa0é\\u200b'");
    expect(pyStr("plain")).toBe("plain");
    expect(pyStr(false)).toBe("False");
    expect(pyStr([])).toBe("[]");
  });
});

describe("pyJsonDumps", () => {
  it("uses Python separators and keeps non-ASCII raw", () => {
    expect(pyJsonDumps({ a: 1.0, b: 0.5, c: "é\n\u2028", d: [null, true] })).toBe(
      '{"a": 1, "b": 0.5, "c": "é\\n\u2028", "d": [null, true]}',
    );
    expect(pyJsonDumps([Number.NaN, Infinity, 1e-7])).toBe("[NaN, Infinity, 1e-07]");
  });
  it("indents like json.dumps(indent=2)", () => {
    expect(pyJsonDumps({ a: [1, { b: [] }], c: {} }, { indent: 2 })).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": []\n    }\n  ],\n  "c": {}\n}',
    );
  });
});
