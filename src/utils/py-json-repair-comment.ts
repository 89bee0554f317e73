import type { JsonRepairParser } from "./py-json-repair-parser.js";

/**
 * json_repair's `skip_comment`: consumes one `#`, `//` or `/* *\/` comment (a `#` comment also
 * ends at the `]`, `}` or `:` that closes what is being read); a lone `/` is skipped.
 *
 * @example
 * const parser = new JsonRepairParser("# note\n[1]");
 * skipComment(parser); // parser.index === 6
 */
export function skipComment(parser: JsonRepairParser): void {
  let char = parser.charAt();
  if (char === "#" || (char === "/" && parser.charAt(1) === "/")) {
    const terminators = ["\n", "\r"];
    if (char === "#") {
      if (parser.inContext("ARRAY")) terminators.push("]");
      if (parser.inContext("OBJECT_VALUE")) terminators.push("}");
      if (parser.inContext("OBJECT_KEY")) terminators.push(":");
    }
    while (char !== undefined && !terminators.includes(char)) {
      parser.index++;
      char = parser.charAt();
    }
  } else if (char === "/" && parser.charAt(1) === "*") {
    // As json_repair does, the end is found on the text read so far, "/*" included ("/*/" ends).
    let comment = "/*";
    parser.index += 2;
    for (;;) {
      const next = parser.charAt();
      if (next === undefined) break;
      comment += next;
      parser.index++;
      if (comment.endsWith("*/")) break;
    }
  } else if (char === "/") {
    parser.index++;
  }
}

/**
 * json_repair's `parse_comment`: skips comments; inside a value that is all (`""`), at the top
 * level reading goes on with the next value.
 *
 * @example
 * parseComment(new JsonRepairParser("// c\n[1]")); // [1]
 */
export function parseComment(parser: JsonRepairParser): unknown {
  for (;;) {
    skipComment(parser);
    if (!parser.contextEmpty) return "";
    parser.skipWhitespaces();
    const char = parser.charAt();
    if (char !== "#" && char !== "/") return parser.parseJson();
  }
}
