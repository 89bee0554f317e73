/**
 * fast-check arbitraries for differential fuzzing of the adapters: random signatures over the
 * full type grammar (nested), values that fit them, and completions in each adapter's format —
 * well-formed, sloppy or broken.
 */
import fc from "fast-check";

/** A generated field type: its annotation and arbitraries for values and LM text. */
interface FuzzType {
  annotation: string;
  value: fc.Arbitrary<unknown>;
}

const FRAGMENTS = [
  "a",
  "b",
  "word",
  " ",
  "  ",
  "\n",
  "\n\n",
  "\t",
  "é",
  "日本",
  "🚀",
  "«",
  "»",
  "[[ ## x ## ]]",
  "'",
  '"',
  "<",
  ">",
  "&",
  "&amp;",
  "\\",
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  "True",
  "None",
  "42",
  "-3.5",
  "null",
  "\r\n",
  "\u00a0",
  "\u2028",
  "Σ",
  "ß",
];

/** Strings assembled from fragments that stress quoting, markers, whitespace and unicode. */
export const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }).map((parts) => parts.join(""));

const integer = fc.integer({ min: -1_000_000, max: 1_000_000 });
const float = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
const key = fc.constantFrom("a", "b", "key", "é", "x y", "n1", "1", "-", "k.v");

const leaf: fc.Arbitrary<FuzzType> = fc.constantFrom<FuzzType>(
  { annotation: "str", value: text },
  { annotation: "int", value: integer },
  { annotation: "float", value: float },
  { annotation: "bool", value: fc.boolean() },
  { annotation: "Literal['a', 'b c', \"it's\"]", value: fc.constantFrom("a", "b c", "it's") },
  { annotation: "Literal[1, 2, 3]", value: fc.constantFrom(1, 2, 3) },
  { annotation: "Literal[True, 'x', None]", value: fc.constantFrom(true, "x", null) },
);

/** A random, possibly nested, field type. */
export const fuzzType: fc.Arbitrary<FuzzType> = fc.letrec<{ type: FuzzType }>((tie) => ({
  type: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("type").map((inner) => ({
      annotation: `list[${inner.annotation}]`,
      value: fc.array(inner.value, { maxLength: 3 }),
    })),
    tie("type").map((inner) => ({
      annotation: `dict[str, ${inner.annotation}]`,
      value: fc.dictionary(key, inner.value, { maxKeys: 3 }),
    })),
    tie("type").map((inner) => ({
      annotation: `Optional[${inner.annotation}]`,
      value: fc.option(inner.value, { nil: null }),
    })),
    tie("type").map((inner) => ({
      annotation: `${inner.annotation} | None`,
      value: fc.option(inner.value, { nil: null }),
    })),
    fc.tuple(tie("type"), tie("type")).map(([a, b]) => ({
      annotation: `tuple[${a.annotation}, ${b.annotation}]`,
      value: fc.tuple(a.value, b.value),
    })),
  ),
})).type;

const identifier = fc.constantFrom(
  "question",
  "context",
  "answer",
  "score",
  "items",
  "x",
  "y",
  "HTMLParser",
  "text2number",
  "camelCase",
  "snake_case_name",
  "q",
  "a1",
  "résumé",
);

interface FuzzField {
  name: string;
  type: FuzzType;
  typed: boolean;
}

const fields = (min: number, max: number) =>
  fc.uniqueArray(fc.record({ name: identifier, type: fuzzType, typed: fc.boolean() }), {
    minLength: min,
    maxLength: max,
    selector: (field) => field.name,
  });

const annotationOf = (field: FuzzField) => (field.typed ? `${field.name}: ${field.type.annotation}` : field.name);
const fieldValue = (field: FuzzField) => (field.typed ? field.type.value : text);

/** A complete `adapter` oracle case with a random completion. */
export const adapterCase = fc
  .record({
    adapter: fc.constantFrom("chat", "json", "xml"),
    inputs: fields(1, 3),
    outputs: fields(1, 3),
    instructions: fc.option(text, { nil: undefined }),
  })
  .filter(({ inputs, outputs }) => !inputs.some((input) => outputs.some((output) => output.name === input.name)))
  .chain(({ adapter, inputs, outputs, instructions }) => {
    const all = [...inputs, ...outputs];
    const record = (list: FuzzField[]) =>
      fc.record(Object.fromEntries(list.map((field) => [field.name, fieldValue(field)])));
    const demo = fc.tuple(record(all), fc.subarray(all.map((field) => field.name))).map(([values, dropped]) => {
      for (const name of dropped) delete values[name];
      return values;
    });
    return fc.record({
      kind: fc.constant("adapter"),
      adapter: fc.constant(adapter),
      signature: fc.constant(`${inputs.map(annotationOf).join(", ")} -> ${outputs.map(annotationOf).join(", ")}`),
      instructions: fc.constant(instructions),
      demos: fc.array(demo, { maxLength: 2 }),
      inputs: record(inputs),
      completion: completionFor(adapter, outputs),
    });
  });

function completionFor(adapter: string, outputs: FuzzField[]): fc.Arbitrary<string> {
  const values = fc.record(Object.fromEntries(outputs.map((field) => [field.name, fieldValue(field)])));
  const sloppy = fc.constantFrom("", "garbage", "{", "<a>", "[[ ## completed ## ]]");
  const wellFormed = values.map((record) => {
    const entries = Object.entries(record);
    const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
    if (adapter === "chat")
      return `${entries.map(([name, value]) => `[[ ## ${name} ## ]]\n${show(value)}`).join("\n\n")}\n\n[[ ## completed ## ]]`;
    if (adapter === "json") return JSON.stringify(record);
    return entries
      .map(([name, value]) => `<${name}>${show(value).replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</${name}>`)
      .join("\n");
  });
  return fc.oneof(
    { weight: 4, arbitrary: wellFormed },
    { weight: 1, arbitrary: sloppy },
    { weight: 1, arbitrary: text },
  );
}
