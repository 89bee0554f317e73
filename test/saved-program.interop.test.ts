/**
 * Interop with real Python DSPy 3.4.1's saved programs. The fixtures were written by
 * scripts/oracle/make_saved_fixtures.py; test/saved-programs.ts builds the same programs here.
 * Python loading our files is checked live by scripts/oracle/check-saved-roundtrip.sh.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChainOfThought, Predict, ProgramStateError } from "../src/index.js";
import { SAVED_PROGRAMS, TwoStep } from "./saved-programs.js";

const FIXTURES = new URL("./__fixtures__/saved/", import.meta.url);
const fixturePath = (name: string) => new URL(`${name}.json`, FIXTURES).pathname;
const METADATA = '  "metadata": {\n';

/** The file without its metadata block (the only part that says who wrote it). */
function predictorPart(text: string): string {
  const at = text.lastIndexOf(METADATA);
  expect(at).toBeGreaterThan(0);
  return text.slice(0, at);
}

async function tempPath(name: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "dspy-interop-")), `${name}.json`);
}

describe.each(Object.keys(SAVED_PROGRAMS))("saved program %s", (name) => {
  const build = SAVED_PROGRAMS[name] as (trained?: boolean) => import("../src/index.js").Module;

  it("Python → TS: DSPy's file loads, and dumpState() equals the file's state", async () => {
    const file = JSON.parse(await readFile(fixturePath(name), "utf8"));
    const { metadata, ...state } = file;
    expect(metadata.dependency_versions.dspy).toBe("3.4.1");
    const program = await build(false).load(fixturePath(name));
    expect(JSON.parse(JSON.stringify(program.dumpState()))).toEqual(state);
    expect(JSON.parse(JSON.stringify(program.dumpState()))).toEqual(JSON.parse(JSON.stringify(build().dumpState())));
  });

  it("TS → Python: our file is byte-for-byte DSPy's, apart from the metadata block", async () => {
    const path = await tempPath(name);
    await build().save(path);
    const ours = await readFile(path, "utf8");
    const theirs = await readFile(fixturePath(name), "utf8");
    expect(predictorPart(ours)).toBe(predictorPart(theirs));
    expect(ours.slice(ours.lastIndexOf(METADATA))).toMatch(
      /^ {2}"metadata": \{\n {4}"dependency_versions": \{\},\n {4}"dspy_typescript": "\d+\.\d+\.\d+[^"]*"\n {2}\}\n\}\n$/,
    );
  });

  it("Python → TS → file: loading DSPy's file and saving it again keeps every predictor byte", async () => {
    const path = await tempPath(name);
    await (await build(false).load(fixturePath(name))).save(path);
    expect(predictorPart(await readFile(path, "utf8"))).toBe(predictorPart(await readFile(fixturePath(name), "utf8")));
  });
});

describe("what loading DSPy's files sets", () => {
  it("a bare Predict's file is its own state (DSPy saves it unkeyed); demos keep `augmented: true`", async () => {
    const program = await new Predict("question -> answer").load(fixturePath("predict-demos"));
    expect(program.demos[0]).toEqual({ augmented: true, question: "What is 2+2?", answer: "4" });
    expect(program.demos).toHaveLength(4);
  });

  it("ChainOfThought: instructions and a field's prefix and description, by position", async () => {
    const program = await new ChainOfThought("question -> answer").load(fixturePath("cot-instructions"));
    const signature = program.predict.signature;
    expect(signature.instructions).toBe(
      "Answer the question.\n\nThink step by step; reply in one short sentence — no preamble.",
    );
    expect(signature.fields.map((field) => [field.name, field.prefix, field.desc])).toEqual([
      ["question", "Question:", "${question}"],
      ["reasoning", "Reasoning:", "${reasoning}"],
      ["answer", "Final Answer:", "one short sentence"],
    ]);
  });

  it("a 2-predictor module: each state lands on its named predictor", async () => {
    const program = await new TwoStep().load(fixturePath("two-step"));
    expect(program.rewrite.demos).toEqual([{ question: "capital of France", search_query: "France capital city" }]);
    expect(program.answer.predict.signature.instructions).toBe("Answer from the context only.");
    expect(program.answer.predict.demos[0]).toMatchObject({ augmented: true, answer: "Paris" });
  });

  it("a file for another program is refused, naming the predictor, and changes nothing", async () => {
    const program = new TwoStep();
    const error = await program.load(fixturePath("cot-instructions")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProgramStateError);
    expect((error as ProgramStateError).message).toBe(
      "The saved program has no state for predictor 'rewrite' (predictor keys in the file: 'predict').",
    );
    expect(program.answer.predict.signature.instructions).toBe(
      "Given the fields `context`, `question`, produce the fields `answer`.",
    );
    const mismatch = await new Predict("question, context -> answer")
      .load(fixturePath("predict-demos"))
      .catch((caught: unknown) => caught);
    expect(mismatch).toMatchObject({ predictor: "self", field: "signature.fields" });
  });
});
