import { describe, expect, it } from "vitest";
import { orjsonDumpsIndent2 } from "./orjson-indent.js";
import { PyFloat } from "./py-float.js";

// Expected values printed by orjson.dumps(value, option=orjson.OPT_INDENT_2) in the oracle venv.
describe("orjsonDumpsIndent2", () => {
  it("indents nested containers by two spaces and keeps insertion order", () => {
    const value = {
      q: "é",
      n: [1, new PyFloat(2)],
      e: {},
      l: [],
      nested: { a: [{ b: null, c: true }] },
      f: 0.1,
      big: new PyFloat(1e20),
      small: 1e-7,
      ctl: "\x01\t\u2028",
    };
    expect(orjsonDumpsIndent2(value)).toBe(
      '{\n  "q": "é",\n  "n": [\n    1,\n    2.0\n  ],\n  "e": {},\n  "l": [],\n  "nested": {\n    "a": [\n      {\n        "b": null,\n        "c": true\n      }\n    ]\n  },\n  "f": 0.1,\n  "big": 1e+20,\n  "small": 1e-7,\n  "ctl": "\\u0001\\t\u2028"\n}',
    );
  });

  it("writes scalars and empty containers on one line", () => {
    expect([[], {}, "x", 3, 2.5].map(orjsonDumpsIndent2)).toEqual(["[]", "{}", '"x"', "3", "2.5"]);
  });
});
