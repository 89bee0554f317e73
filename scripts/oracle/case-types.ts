/**
 * The field types the case generator draws from: the annotation text DSPy parses, a source of
 * valid values, and the ways an LM might write such a value in a completion.
 */
import type { Prng } from "./prng.js";

/** One type of the signature grammar with value generators. */
export interface CaseType {
  /** Annotation text; `""` means an untyped field. */
  annotation: string;
  /** A valid value (JSON). */
  value(random: Prng): unknown;
  /** Text an LM might write for a valid value (ChatAdapter section body). */
  text(random: Prng, value: unknown): string;
  /** A value of the wrong shape, as LM text. */
  bad?: string[];
}

/** Strings chosen to stress rendering: unicode, newlines, markers, quotes, blanks. */
export const STRINGS = [
  "",
  "hello",
  "What is the capital of France?",
  "multi\nline\ntext",
  "with «guillemets» inside",
  "unicode: café 日本語 🚀",
  "  padded  ",
  "tab\there",
  "quotes 'single' and \"double\"",
  "<xml> & stuff",
  "[[ ## fake ## ]] marker",
  "None",
  "True",
  "42",
  "back\\slash",
  "line\r\nwindows",
  "trailing newline\n",
  "ends with space ",
  "\u00a0nbsp and \u2028 separator",
  "emoji 👩‍💻 zwj",
];

const json = (value: unknown) => JSON.stringify(value);
const float = (random: Prng) => random.pick([0.5, 3.25, -1.75, 0.1, 1e-7, 2.5e-5, 123456.789, 0.3333333333333333]);

export const CASE_TYPES: CaseType[] = [
  { annotation: "", value: (r) => r.pick(STRINGS), text: (_r, v) => String(v) },
  { annotation: "str", value: (r) => r.pick(STRINGS), text: (_r, v) => String(v) },
  {
    annotation: "int",
    value: (r) => r.pick([0, 1, 42, -7, 1000000, 2 ** 40]),
    text: (r, v) => r.pick([String(v), ` ${v} `, `"${v}"`, `${v}.0`]),
    bad: ["abc", "4.5", "", "[1]"],
  },
  {
    annotation: "float",
    value: float,
    text: (r, v) => r.pick([String(v), `"${v}"`, ` ${v}`]),
    bad: ["abc", "one point five", "[]"],
  },
  {
    annotation: "bool",
    value: (r) => r.chance(0.5),
    text: (r, v) => (v ? r.pick(["True", "true", "yes", "1", "on"]) : r.pick(["False", "false", "no", "0", "off"])),
    bad: ["maybe", "2", "[]"],
  },
  {
    annotation: "list[str]",
    value: (r) => Array.from({ length: r.int(0, 3) }, () => r.pick(STRINGS.slice(1, 8))),
    text: (r, v) => r.pick([json(v), json(v).replaceAll('", "', '","')]),
    bad: ["not a list", "{}"],
  },
  {
    annotation: "list[int]",
    value: (r) => Array.from({ length: r.int(0, 4) }, () => r.int(-5, 99)),
    text: (r, v) => r.pick([json(v), (v as number[]).join(", ") ? `[${(v as number[]).join(", ")},]` : "[]"]),
    bad: ['[1, "x"]', "seven"],
  },
  {
    annotation: "list[float]",
    value: (r) => Array.from({ length: r.int(1, 3) }, () => float(r)),
    text: (_r, v) => json(v),
  },
  {
    annotation: "dict[str, int]",
    value: (r) =>
      Object.fromEntries(
        Array.from({ length: r.int(0, 3) }, (_, i) => [r.pick(["a", "b", "key", "é", "x y"]) + i, r.int(0, 9)]),
      ),
    text: (r, v) => r.pick([json(v), json(v).replaceAll('"', "'")]),
    bad: ["[1, 2]", '{"a": "x"}'],
  },
  {
    annotation: "dict[str, list[str]]",
    value: (r) => ({ tags: [r.pick(STRINGS.slice(1, 6))], empty: [] }),
    text: (_r, v) => json(v),
  },
  {
    annotation: "tuple[int, str]",
    value: (r) => [r.int(0, 9), r.pick(STRINGS.slice(1, 5))],
    text: (_r, v) => json(v),
    bad: ["[1]", '["a", "b"]'],
  },
  {
    annotation: "Literal['yes', 'no', 'maybe']",
    value: (r) => r.pick(["yes", "no", "maybe"]),
    text: (r, v) => r.pick([String(v), `'${v}'`, `"${v}"`, `Literal[${v}]`, ` ${v} `]),
    bad: ["perhaps", "YES"],
  },
  {
    annotation: "Literal[1, 2, 3]",
    value: (r) => r.pick([1, 2, 3]),
    text: (r, v) => r.pick([String(v), `'${v}'`]),
    bad: ["4", "one"],
  },
  {
    annotation: "Optional[int]",
    value: (r) => (r.chance(0.3) ? null : r.int(0, 50)),
    text: (r, v) => (v === null ? r.pick(["None", "null", ""]) : String(v)),
    bad: ["lots"],
  },
  {
    annotation: "int | None",
    value: (r) => (r.chance(0.3) ? null : r.int(0, 50)),
    text: (r, v) => (v === null ? r.pick(["None", "null"]) : String(v)),
  },
  {
    annotation: "str | None",
    value: (r) => (r.chance(0.3) ? null : r.pick(STRINGS.slice(1, 6))),
    text: (_r, v) => (v === null ? "None" : String(v)),
  },
  {
    annotation: "Union[int, str]",
    value: (r) => (r.chance(0.5) ? r.int(0, 9) : r.pick(STRINGS.slice(1, 6))),
    text: (_r, v) => String(v),
  },
  {
    annotation: "list[Optional[int]]",
    value: (r) => [r.int(0, 9), null, r.int(0, 9)],
    text: (_r, v) => json(v),
  },
  {
    annotation: "Optional[list[str]]",
    value: (r) => (r.chance(0.3) ? null : ["a", r.pick(STRINGS.slice(1, 6))]),
    text: (_r, v) => (v === null ? "null" : json(v)),
  },
  {
    annotation: "bool | None",
    value: (r) => (r.chance(0.3) ? null : r.chance(0.5)),
    text: (_r, v) => (v === null ? "None" : v ? "True" : "False"),
  },
  {
    annotation: "dict[str, Any]",
    value: (r) => ({ name: r.pick(STRINGS.slice(1, 5)), n: r.int(0, 9), ok: r.chance(0.5), none: null }),
    text: (_r, v) => json(v),
  },
  {
    annotation: "list[dict[str, int]]",
    value: (r) => [{ a: r.int(0, 9) }, { b: r.int(0, 9), c: 3 }],
    text: (_r, v) => json(v),
  },
];

/** Field names, including ones that exercise `infer_prefix`. */
export const INPUT_NAMES = [
  "question",
  "context",
  "passage",
  "query_text",
  "HTMLParser",
  "text2number",
  "camelCaseInput",
  "x",
];
export const OUTPUT_NAMES = ["answer", "score", "label", "items", "summary_text", "isValid", "y", "rationale"];
