import { describe, expect, it } from "vitest";
import { SignatureError } from "../errors/signature-error.js";
import { InputField, OutputField } from "./field.js";
import { inferPrefix } from "./infer-prefix.js";
import { Signature } from "./signature.js";
import { typeName } from "./type-name.js";

// Expected values were printed by Python DSPy 3.4.1 (.venv-oracle) for the same calls.
describe("Signature from a string", () => {
  const qa = new Signature("question, context: list[str] -> answer: int");

  it("orders fields and writes DSPy's default instructions and state", () => {
    expect(qa.fields.map((field) => field.name)).toEqual(["question", "context", "answer"]);
    expect(qa.instructions).toBe("Given the fields `question`, `context`, produce the fields `answer`.");
    expect(qa.dumpState()).toEqual({
      instructions: "Given the fields `question`, `context`, produce the fields `answer`.",
      fields: [
        { prefix: "Question:", description: "${question}" },
        { prefix: "Context:", description: "${context}" },
        { prefix: "Answer:", description: "${answer}" },
      ],
    });
    expect(qa.field("question")?.typeUndefined).toBe(true);
    expect(qa.field("context")?.typeUndefined).toBe(false);
  });

  it("cleans instructions like inspect.cleandoc, and treats empty ones as absent", () => {
    expect(new Signature("a -> b", "\n   First line\n      more\n   done\n\n").instructions).toBe(
      "First line\n   more\ndone",
    );
    expect(new Signature("a -> b", "  x\n\t\ty").instructions).toBe("x\ny");
    expect(new Signature("a -> b", "").instructions).toBe("Given the fields `a`, produce the fields `b`.");
  });

  it("accepts what Python's parser accepts", () => {
    expect(new Signature("a, a -> b").fields.map((field) => field.name)).toEqual(["a", "b"]);
    expect(new Signature("a ->").outputFields).toEqual([]);
    expect(new Signature("a, *b -> c").inputFields.map((field) => field.name)).toEqual(["a"]);
    expect(new Signature("a:int->b:float").fields.map((field) => typeName(field.type))).toEqual(["int", "float"]);
  });

  it.each([
    ["question", "Invalid signature format: 'question', must contain exactly one '->'."],
    ["a -> b -> c", "Invalid signature format: 'a -> b -> c', must contain exactly one '->'."],
    ["a -> a", "Input and output fields must have distinct names, but found duplicates: 'a'."],
    ["a, b -> b, a", "Input and output fields must have distinct names, but found duplicates: 'a, b'."],
    ["a: foo -> b", "Unknown name: foo"],
    ["x: Optional[int, str] -> y", "Optional must have exactly one type argument"],
  ])("rejects %j with DSPy's ValueError text", (text, message) => {
    expect(() => new Signature(text)).toThrow(message);
    expect(() => new Signature(text)).toThrow(SignatureError);
  });

  it.each(["a b -> c", "1x -> y", "a: list[ -> b", "class -> b"])("rejects %j as a SyntaxError", (text) => {
    try {
      new Signature(text);
      expect.unreachable();
    } catch (error) {
      expect((error as SignatureError).pythonType).toBe("SyntaxError");
    }
  });

  it.each([
    ["a: Optional[int]", "Union[int, NoneType]"],
    ["a: int | None", "Union[int, NoneType]"],
    ["a: int | str | None", "Union[int, str, NoneType]"],
    ["a: list[int | None]", "list[Union[int, NoneType]]"],
    ["a: List[int]", "list[int]"],
    ["a: tuple[int, ...]", "tuple[int, Ellipsis]"],
    ["a: Literal['pos', 'neg']", "Literal['pos', 'neg']"],
    ['a: Literal["it\'s", 1, True, None]', 'Literal["it\'s", 1, True, None]'],
    ["a: dict[str, Any]", "dict[str, Any]"],
    ["a: Union[int, int]", "int"],
    ["a: History", "History"],
    ["a: dspy.Image", "Image"],
  ])("names %s as %s", (annotation, name) => {
    const field = new Signature(`${annotation} -> b`).inputFields[0];
    expect(field && typeName(field.type)).toBe(name);
  });
});

describe("Signature methods", () => {
  const qa = new Signature("question, context: list[str] -> answer: int");

  it("inserts, prepends, appends and deletes without touching instructions", () => {
    expect(qa.append("extra", OutputField({ desc: "d" })).fields.map((field) => field.name)).toEqual([
      "question",
      "context",
      "answer",
      "extra",
    ]);
    expect(qa.prepend("rationale", OutputField()).fields.map((field) => field.name)).toEqual([
      "question",
      "context",
      "rationale",
      "answer",
    ]);
    expect(qa.insert(-2, "mid", InputField()).fields.map((field) => field.name)).toEqual([
      "question",
      "mid",
      "context",
      "answer",
    ]);
    expect(qa.append("extra", OutputField()).instructions).toBe(qa.instructions);
    expect(() => qa.insert(5, "z", InputField())).toThrow(
      "Invalid index to insert: 5, index must be in the range of [1, 2] for input fields, but received: 5.",
    );
    expect(qa.delete("context").fields.map((field) => field.name)).toEqual(["question", "answer"]);
    expect(qa.delete("nope").fields).toHaveLength(3);
  });

  it("updates fields, compares, and edits instructions", () => {
    expect(qa.withUpdatedFields("answer", { desc: "D" }).dumpState().fields[2]).toEqual({
      prefix: "Answer:",
      description: "D",
    });
    expect(qa.equals(new Signature("question, context: list[str] -> answer: int"))).toBe(true);
    expect(qa.equals(qa.withInstructions("x"))).toBe(false);
    expect(qa.appendInstructions("More.").instructions).toBe(`${qa.instructions}\n\nMore.`);
  });

  it("loads state by position", () => {
    const loaded = qa.loadState({ instructions: "New.", fields: [{ prefix: "Q:", description: "the q" }] });
    expect(loaded.instructions).toBe("New.");
    expect(loaded.dumpState().fields[0]).toEqual({ prefix: "Q:", description: "the q" });
    expect(loaded.dumpState().fields[1]).toEqual({ prefix: "Context:", description: "${context}" });
    // DSPy's load_state assigns instructions directly, so empty ones stay empty.
    expect(qa.loadState({ instructions: "", fields: [] }).instructions).toBe("");
  });
});

describe("inferPrefix", () => {
  it.each([
    ["question", "Question"],
    ["next_thought", "Next Thought"],
    ["HTMLParser", "HTML Parser"],
    ["text2number", "Text 2 Number"],
    ["camelCaseText", "Camel Case Text"],
    ["2text", "2 Text"],
    ["ABC_def", "ABC Def"],
    ["a__b", "A  B"],
    ["résumé", "Résumé"],
  ])("%s -> %s", (name, prefix) => {
    expect(inferPrefix(name)).toBe(prefix);
  });
});
