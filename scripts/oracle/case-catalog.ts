/**
 * The catalogue of `adapter` oracle cases: a deterministic sweep over adapters × field types ×
 * demo shapes × completion shapes, plus hand-picked edge cases.
 */
import { CASE_TYPES, type CaseType, INPUT_NAMES, OUTPUT_NAMES, STRINGS } from "./case-types.js";
import { Prng } from "./prng.js";

type Json = Record<string, unknown>;
type AdapterName = "chat" | "json" | "xml";

interface FieldPlan {
  name: string;
  type: CaseType;
}

const INSTRUCTIONS = [
  undefined,
  undefined,
  "Answer the question.",
  "",
  "  Leading spaces on the first line.\n    Indented second line.\n\n    After a blank line.",
  "\n\nBlank lines around.\n\n",
  "Tabs\tinside\n\tand a tab-indented line",
  "Unicode instructions: réponds en français 🇫🇷",
  "Line one\r\nWindows line two",
  "Use `backticks` and [[ ## markers ## ]] and «quotes».",
];

const COMPLETION_SHAPES = [
  "good",
  "good",
  "good",
  "missing",
  "extra",
  "duplicate",
  "garbage",
  "bad-value",
  "prose",
  "none",
] as const;
type CompletionShape = (typeof COMPLETION_SHAPES)[number];

/**
 * All generated adapter cases.
 *
 * @example
 * adapterCases().length; // ≥ 400
 */
export function adapterCases(): Json[] {
  const random = new Prng(20261125);
  const cases: Json[] = [];
  const adapters: AdapterName[] = ["chat", "json", "xml"];
  for (let index = 0; index < 420; index++) {
    const adapter = adapters[index % 3] as AdapterName;
    cases.push(randomCase(random, adapter, `gen-${adapter}-${index}`));
  }
  cases.push(...edgeCases());
  return cases;
}

function randomCase(random: Prng, adapter: AdapterName, id: string): Json {
  const inputs = pickFields(random, INPUT_NAMES, random.int(1, 3), true);
  const outputs = pickFields(random, OUTPUT_NAMES, random.int(1, 3), false);
  const signature = `${inputs.map(fieldText).join(", ")} -> ${outputs.map(fieldText).join(", ")}`;
  const testCase: Json = { kind: "adapter", id, adapter, signature };
  const instructions = random.pick(INSTRUCTIONS);
  if (instructions !== undefined) testCase.instructions = instructions;
  const demoCount = random.pick([0, 0, 1, 2, 3]);
  if (demoCount > 0) testCase.demos = Array.from({ length: demoCount }, () => demo(random, inputs, outputs));
  testCase.inputs = Object.fromEntries(inputs.map((field) => [field.name, inputValue(random, field)]));
  const shape = random.pick(COMPLETION_SHAPES);
  if (shape !== "none") testCase.completion = completion(random, adapter, outputs, shape);
  return testCase;
}

function pickFields(random: Prng, names: string[], count: number, input: boolean): FieldPlan[] {
  const pool = [...names];
  return Array.from({ length: count }, () => {
    const name = pool.splice(random.int(0, pool.length - 1), 1)[0] as string;
    // Inputs are mostly text, as in real programs; outputs spread over all types.
    const type = input && random.chance(0.6) ? (CASE_TYPES[random.int(0, 1)] as CaseType) : random.pick(CASE_TYPES);
    return { name, type };
  });
}

function fieldText(field: FieldPlan): string {
  return field.type.annotation ? `${field.name}: ${field.type.annotation}` : field.name;
}

function inputValue(random: Prng, field: FieldPlan): unknown {
  // A list given to a `str` field is rendered as a numbered «» list; include that path often.
  if ((field.type.annotation === "" || field.type.annotation === "str") && random.chance(0.25)) {
    return Array.from({ length: random.int(0, 3) }, () => random.pick(STRINGS));
  }
  if (random.chance(0.05)) return null;
  return field.type.value(random);
}

function demo(random: Prng, inputs: FieldPlan[], outputs: FieldPlan[]): Json {
  const shape = random.pick(["complete", "complete", "incomplete", "none-value", "inputs-only", "extra-keys"]);
  const values: Json = {};
  for (const field of [...inputs, ...outputs]) values[field.name] = field.type.value(random);
  if (shape === "incomplete") delete values[random.pick([...inputs, ...outputs]).name];
  if (shape === "none-value") values[random.pick(outputs).name] = null;
  if (shape === "inputs-only") for (const field of outputs) delete values[field.name];
  if (shape === "extra-keys") Object.assign(values, { augmented: true, dspy_uuid: "abc" });
  return values;
}

function completion(random: Prng, adapter: AdapterName, outputs: FieldPlan[], shape: CompletionShape): string {
  if (shape === "garbage") return random.pick(["I don't know.", "", "{", "<answer>", "[[ ## ]]", "```\nnothing\n```"]);
  const entries: [string, string, unknown][] = outputs.map((field) => {
    const value = field.type.value(random);
    const bad = shape === "bad-value" && field.type.bad ? random.pick(field.type.bad) : undefined;
    return [field.name, bad ?? field.type.text(random, value), bad === undefined ? value : bad];
  });
  if (shape === "missing" && entries.length > 0) entries.splice(random.int(0, entries.length - 1), 1);
  if (shape === "extra") entries.push(["unexpected_field", "surprise", "surprise"]);
  if (shape === "duplicate" && entries.length > 0)
    entries.push([entries[0]?.[0] as string, "second copy", "second copy"]);
  const body = render(adapter, entries, random);
  return shape === "prose" ? `Sure! Here is my answer.\n${body}\nHope this helps.` : body;
}

function render(adapter: AdapterName, entries: [string, string, unknown][], random: Prng): string {
  if (adapter === "chat") {
    const sections = entries.map(([name, text]) => `[[ ## ${name} ## ]]\n${text}`);
    return `${sections.join("\n\n")}\n\n[[ ## completed ## ]]`;
  }
  if (adapter === "json") {
    const object = Object.fromEntries(entries.map(([name, , value]) => [name, value]));
    const text = JSON.stringify(object, null, random.pick([0, 2]));
    return random.pick([text, `\`\`\`json\n${text}\n\`\`\``, text.replace(/}$/, ",}")]);
  }
  return entries.map(([name, text]) => `<${name}>\n${xmlEscape(text, random)}\n</${name}>`).join("\n");
}

function xmlEscape(text: string, random: Prng): string {
  // Mostly escape as an LM following the prompt would; sometimes leave raw `&`/`<` (invalid XML).
  return random.chance(0.85) ? text.replaceAll("&", "&amp;").replaceAll("<", "&lt;") : text;
}

function edgeCases(): Json[] {
  const cases: Json[] = [];
  const add = (id: string, body: Json) => cases.push({ kind: "adapter", id: `edge-${id}`, ...body });
  const badSignatures = [
    "question",
    "a -> b -> c",
    "a, a -> b",
    "a -> a",
    "1x -> y",
    "a b -> c",
    "a: unknowntype -> b",
    "-> answer",
    "question ->",
    "a: list[int -> b",
    "class -> b",
    "a: Optional[int, str] -> b",
    "a: list[str], -> b",
  ];
  badSignatures.forEach((signature, index) => {
    for (const adapter of ["chat", "json"] as const) add(`sig-${index}-${adapter}`, { adapter, signature, inputs: {} });
  });
  const history = {
    messages: [{ question: "Hi?", answer: "Hello." }, { question: "2+2?" }, { answer: "only an answer" }],
  };
  for (const adapter of ["chat", "json", "xml"] as const) {
    add(`history-${adapter}`, {
      adapter,
      signature: "question: str, history: History -> answer",
      inputs: { question: "And 3+3?", history },
    });
    add(`history-empty-${adapter}`, {
      adapter,
      signature: "question, history: History -> answer",
      inputs: { question: "Q", history: { messages: [] } },
    });
    add(`image-${adapter}`, {
      adapter,
      signature: "image: Image, question -> caption",
      inputs: { image: { url: "https://example.com/cat.png" }, question: "What is it?" },
      completion:
        adapter === "json"
          ? '{"caption": "a cat"}'
          : adapter === "xml"
            ? "<caption>a cat</caption>"
            : "[[ ## caption ## ]]\na cat\n\n[[ ## completed ## ]]",
    });
    add(`image-list-${adapter}`, {
      adapter,
      signature: "images: list[Image] -> caption",
      inputs: { images: [{ url: "https://example.com/a.png" }, { url: "data:image/png;base64,iVBORw0KGgo=" }] },
    });
    add(`image-demo-${adapter}`, {
      adapter,
      signature: "image: Image -> caption",
      demos: [{ image: { url: "https://example.com/demo.png" }, caption: "a demo" }],
      inputs: { image: { url: "https://example.com/cat.png" } },
    });
    add(`no-outputs-${adapter}`, { adapter, signature: "question -> ", inputs: { question: "q" } });
    add(`no-inputs-${adapter}`, { adapter, signature: " -> answer", inputs: {} });
    add(`empty-demos-${adapter}`, {
      adapter,
      signature: "a -> b",
      demos: [{}, { a: "only input" }, { b: "only output" }],
      inputs: { a: "x" },
    });
  }
  const toolCalls =
    '{"tool_calls": [{"name": "search", "args": {"query": "cats", "k": 3}}, {"name": "finish", "args": {}}]}';
  for (const adapter of ["chat", "json", "xml"] as const) {
    const completionText =
      adapter === "chat"
        ? `[[ ## next_thought ## ]]\nLook it up.\n\n[[ ## calls ## ]]\n${toolCalls}\n\n[[ ## completed ## ]]`
        : adapter === "json"
          ? `{"next_thought": "Look it up.", "calls": ${toolCalls}}`
          : `<next_thought>Look it up.</next_thought>\n<calls>${toolCalls}</calls>`;
    add(`tool-calls-${adapter}`, {
      adapter,
      signature: "question -> next_thought, calls: ToolCalls",
      demos: [
        {
          question: "dogs?",
          next_thought: "Search.",
          calls: { tool_calls: [{ name: "search", args: { query: "dogs" } }] },
        },
      ],
      inputs: { question: "cats?" },
      completion: completionText,
    });
    add(`tool-calls-bad-${adapter}`, {
      adapter,
      signature: "question -> calls: ToolCalls",
      inputs: { question: "cats?" },
      completion:
        adapter === "json"
          ? '{"calls": "not calls"}'
          : adapter === "xml"
            ? "<calls>nope</calls>"
            : "[[ ## calls ## ]]\nnope",
    });
  }
  const chat = (id: string, signature: string, completionText: string) =>
    add(id, { adapter: "chat", signature, inputs: {}, completion: completionText });
  chat("inline-header", "q -> answer: int", "[[ ## answer ## ]] 42\n[[ ## completed ## ]]");
  chat("indented-header", "q -> answer", "   [[ ## answer ## ]]   trailing\nmore\n\n[[ ## completed ## ]]");
  chat("first-wins", "q -> answer", "[[ ## answer ## ]]\nfirst\n[[ ## answer ## ]]\nsecond");
  chat("no-completed", "q -> a, b", "[[ ## a ## ]]\nA\n[[ ## b ## ]]\nB");
  chat("unknown-headers", "q -> a", "[[ ## zzz ## ]]\nz\n[[ ## a ## ]]\nvalue\n[[ ## completed ## ]]\nafter");
  chat("crlf", "q -> a: int, b", "[[ ## a ## ]]\r\n7\r\n\r\n[[ ## b ## ]]\r\nline1\r\nline2\r\n");
  chat("optional-missing", "q -> a: Optional[int], b", "[[ ## b ## ]]\nonly b");
  chat("literal-wrapped", "q -> a: Literal['x', 'y']", "[[ ## a ## ]]\nLiteral['y']");
  chat("bool-words", "q -> a: bool, b: bool, c: bool", "[[ ## a ## ]]\nyes\n[[ ## b ## ]]\nOff\n[[ ## c ## ]]\nTRUE");
  chat(
    "python-literals",
    "q -> a: list[int], b: dict[str, bool]",
    "[[ ## a ## ]]\n(1, 2, 3)\n[[ ## b ## ]]\n{'x': True, 'y': False}",
  );
  chat("str-from-json", "q -> a", '[[ ## a ## ]]\n{"k": [1, 2]}');
  chat("float-int", "q -> a: float, b: int", "[[ ## a ## ]]\n3\n[[ ## b ## ]]\n3.0");
  chat("bad-int", "q -> a: int", "[[ ## a ## ]]\nforty two");
  chat("bad-list", "q -> a: list[int]", '[[ ## a ## ]]\n[1, "two", 3]');
  chat("empty", "q -> a", "");
  chat("unicode-sep", "q -> a, b", "[[ ## a ## ]]\nx\u2028[[ ## b ## ]]\ny");
  const jsonCase = (id: string, signature: string, completionText: string) =>
    add(id, { adapter: "json", signature, inputs: {}, completion: completionText });
  jsonCase("trailing-text", "q -> a, b: int", '{"a": "x", "b": 2} and then some words');
  jsonCase("prose-first", "q -> a", 'Here you go: {"a": {"nested": "obj"}} bye');
  jsonCase("array", "q -> a", '["not", "an", "object"]');
  jsonCase("fenced", "q -> a: int", '```json\n{"a": 5}\n```');
  jsonCase("single-quotes", "q -> a: list[str]", "{'a': ['x', 'y']}");
  jsonCase("python-consts", "q -> a: bool, b: Optional[int]", '{"a": True, "b": None}');
  jsonCase("extra-keys", "q -> a", '{"a": "v", "junk": 1}');
  jsonCase("missing", "q -> a, b", '{"a": "v"}');
  jsonCase("bad-value", "q -> a: int, b: int", '{"b": "x", "a": "y"}');
  jsonCase("number-as-str", "q -> a", '{"a": 42}');
  jsonCase("dict-as-str", "q -> a", '{"a": {"k": true, "n": null}}');
  jsonCase("garbage", "q -> a", "no json here");
  const xmlCase = (id: string, signature: string, completionText: string) =>
    add(id, { adapter: "xml", signature, inputs: {}, completion: completionText });
  xmlCase("nested-list", "q -> items: list[str]", "<items><item>a</item><item>b</item></items>");
  xmlCase("json-list", "q -> items: list[int]", "<items>[1, 2, 3]</items>");
  xmlCase("dict", "q -> d: dict[str, int]", "<d><a>1</a><b>2</b></d>");
  xmlCase("entities", "q -> a", "<a>fish &amp; chips &lt;3</a>");
  xmlCase("mismatched", "q -> a", "<a>text</b>");
  xmlCase("unclosed", "q -> a", "<a>text");
  xmlCase("raw-amp", "q -> a", "<a>fish & chips</a>");
  xmlCase("optional-empty", "q -> a: Optional[int], b", "<a></a><b>x</b>");
  xmlCase("missing", "q -> a, b", "<a>x</a>");
  xmlCase("prose", "q -> a: int", "The answer is <a>7</a>.");
  return cases;
}
