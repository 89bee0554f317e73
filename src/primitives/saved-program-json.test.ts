import { describe, expect, it } from "vitest";
import { ProgramStateError } from "../errors/program-state-error.js";
import { PyFloat } from "../utils/py-float.js";
import { Example } from "./example.js";
import { History } from "./history.js";
import { Image } from "./image.js";
import { savedProgramJson } from "./saved-program-json.js";

describe("savedProgramJson", () => {
  it("writes orjson's OPT_INDENT_2 | OPT_APPEND_NEWLINE layout", () => {
    expect(savedProgramJson({ a: [], b: {}, c: [1, { d: null }], e: true })).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": null\n    }\n  ],\n  "e": true\n}\n',
    );
  });

  it("writes numbers as orjson does (checked against orjson.dumps in DSPy's venv)", () => {
    // An integral JS number is a Python int; only a boxed PyFloat (or -0) is written as a float.
    // orjson.dumps([0.5, 1e-7, 1e16, 3, -0.0, 1.0, 123456.789, nan]) in Python 3.11 / orjson:
    expect(savedProgramJson({ n: [0.5, 1e-7, new PyFloat(1e16), 3, -0, new PyFloat(1), 123456.789, Number.NaN] })).toBe(
      '{\n  "n": [\n    0.5,\n    1e-7,\n    1e+16,\n    3,\n    -0.0,\n    1.0,\n    123456.789,\n    null\n  ]\n}\n',
    );
  });

  it("writes raw UTF-8 and escapes only what orjson escapes", () => {
    expect(savedProgramJson({ s: 'é ✓ / "q" \\ \t\n\u0001\u007f\u2028' })).toBe(
      '{\n  "s": "é ✓ / \\"q\\" \\\\ \\t\\n\\u0001\u007f\u2028"\n}\n',
    );
  });

  it("serializes demo values as DSPy's serialize_object does", () => {
    const text = savedProgramJson({
      image: new Image("https://x.com/a.png"),
      history: new History([{ a: 1 }]),
      example: new Example({ q: "x" }).withInputs("q"),
      skipped: undefined,
    });
    expect(JSON.parse(text)).toEqual({
      image:
        '<<CUSTOM-TYPE-START-IDENTIFIER>>[{"type": "image_url", "image_url": {"url": "https://x.com/a.png"}}]<<CUSTOM-TYPE-END-IDENTIFIER>>',
      history: { messages: [{ a: 1 }] },
      example: { q: "x" },
    });
  });

  it("refuses values that are not JSON, naming where they are", () => {
    let error: unknown;
    try {
      savedProgramJson({ p: { demos: [{ when: new Date(0) }] } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProgramStateError);
    expect(error).toMatchObject({
      message:
        "Cannot save the program as JSON: the value at 'p.demos[0].when' is a Date, which is not JSON-serializable.",
      field: "p.demos[0].when",
      pythonType: "RuntimeError",
    });
    expect(() => savedProgramJson({ s: "\ud800" })).toThrow(/lone UTF-16 surrogate/);
  });
});
