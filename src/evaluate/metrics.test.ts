import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { DSPyError } from "../errors/dspy-error.js";
import { normalizeText } from "../predict/normalize-text.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { Prediction } from "../primitives/prediction.js";
import { DummyLM } from "../test/dummy-lm.js";
import { answerExactMatch, answerPassageMatch } from "./answer-match.js";
import { CompleteAndGrounded } from "./complete-and-grounded.js";
import { dprNormalize } from "./dpr-tokenize.js";
import { EM, emScore } from "./exact-match.js";
import { SemanticF1 } from "./semantic-f1.js";
import { F1, f1Score, HotPotF1, hotpotF1Score, precisionScore } from "./token-f1.js";

// Everything below was produced by DSPy 3.4.1 itself (__fixtures__/metrics.py).
type Outcome = { value?: unknown; float?: string; error?: { type: string; message: string } };
type Json = Record<string, unknown>;
const fixture = JSON.parse(readFileSync(new URL("./__fixtures__/metrics.json", import.meta.url), "utf8")) as {
  normalize: [string, string][];
  dpr: [string, string[]][];
  token: [string, string, boolean, number, number, number][];
  lists: [unknown, unknown, Outcome, Outcome, Outcome][];
  lists_tuple: Outcome[];
  answer_exact_match: [unknown, unknown, number | null, Outcome][];
  answer_exact_match_missing: Outcome[];
  answer_passage_match: [unknown, unknown, Outcome][];
  judges: {
    name: string;
    answers: Json[];
    example: Json;
    prediction: Json;
    trace: boolean;
    result: Outcome;
    messages: unknown[];
  }[];
};

function outcome(run: () => unknown): Outcome {
  try {
    const value = run();
    return typeof value === "number" && !Number.isFinite(value) ? { float: String(value) } : { value };
  } catch (error) {
    if (error instanceof DSPyError) return { error: { type: error.pythonType, message: error.message } };
    throw error;
  }
}

describe("normalizeText and DPR tokens agree with DSPy", () => {
  it("normalizes every fixture string as normalize_text does", () => {
    expect(fixture.normalize.length).toBeGreaterThan(400);
    expect(fixture.normalize.filter(([text, expected]) => normalizeText(text) !== expected)).toEqual([]);
  });

  it("tokenizes every fixture string as DPR_normalize does", () => {
    expect(
      fixture.dpr.filter(([text, expected]) => JSON.stringify(dprNormalize(text)) !== JSON.stringify(expected)),
    ).toEqual([]);
  });

  it("keeps DSPy's quirks: combining marks are not word characters, punctuation is ASCII only", () => {
    expect(normalizeText("á")).toBe("\u0301");
    expect(normalizeText("«the» ¿a?")).toBe("« » ¿");
    expect(normalizeText("x_a_y a")).toBe("xay");
    expect(normalizeText("a\x85b\u00a0the c")).toBe("b c");
    expect(normalizeText("ΟΔΟΣ.")).toBe("οδος");
  });

  it("raises Python's TypeError text for non-strings", () => {
    expect(() => normalizeText(3 as unknown as string)).toThrow("normalize() argument 2 must be str, not int");
    expect(() => normalizeText(null as unknown as string)).toThrow("normalize() argument 2 must be str, not None");
  });
});

describe("token metrics agree with DSPy", () => {
  it("em_score, f1_score, precision_score and hotpot_f1_score on every pair", () => {
    const got = fixture.token.map(([p, g]) => [
      p,
      g,
      emScore(p, g),
      f1Score(p, g),
      precisionScore(p, g),
      hotpotF1Score(p, g),
    ]);
    expect(got).toEqual(fixture.token);
  });

  it("EM, F1 and HotPotF1 over reference lists, errors included", () => {
    const got = fixture.lists.map(([p, answers]) => [
      p,
      answers,
      outcome(() => EM(p as string, answers as string[])),
      outcome(() => F1(p as string, answers as string[])),
      outcome(() => HotPotF1(p as string, answers as string[])),
    ]);
    expect(got).toEqual(fixture.lists);
  });
});

describe("answerExactMatch and answerPassageMatch agree with DSPy", () => {
  it("answer_exact_match for strings, lists, fractions and bad types", () => {
    const got = fixture.answer_exact_match.map(([answer, predicted, frac]) => [
      answer,
      predicted,
      frac,
      outcome(() =>
        answerExactMatch(
          new Example({ answer }),
          new Prediction({ answer: predicted }),
          frac === null ? undefined : { frac },
        ),
      ),
    ]);
    expect(got).toEqual(fixture.answer_exact_match);
  });

  it("raises AttributeError for a missing answer on either side", () => {
    expect([
      outcome(() => answerExactMatch(new Example({ q: "x" }), new Prediction({ answer: "x" }))),
      outcome(() => answerExactMatch(new Example({ answer: "x" }), new Prediction({ q: "x" }))),
    ]).toEqual(fixture.answer_exact_match_missing);
  });

  it("ignores a trace passed where the options go (optimizers call metric(example, pred, trace))", () => {
    const metric = answerExactMatch as (e: Example, p: Example, trace: unknown) => boolean;
    expect(metric(new Example({ answer: "Paris" }), new Prediction({ answer: "Paris, France" }), [])).toBe(false);
  });

  it("answer_passage_match for lists, strings, dicts and bad passages", () => {
    const got = fixture.answer_passage_match.map(([answer, passages]) => [
      answer,
      passages,
      outcome(() => answerPassageMatch(new Example({ answer }), new Prediction({ context: passages }))),
    ]);
    expect(got).toEqual(fixture.answer_passage_match);
  });
});

describe("SemanticF1 and CompleteAndGrounded send DSPy's prompts and score as DSPy does", () => {
  const judges: Record<string, () => { call(e: Example, p: Example, trace?: unknown): Promise<Prediction> }> = {
    semantic: () => new SemanticF1(),
    "semantic-trace-pass": () => new SemanticF1({ threshold: 0.6 }),
    "semantic-trace-fail": () => new SemanticF1(),
    "semantic-decompositional": () => new SemanticF1({ decompositional: true }),
    "semantic-missing-response": () => new SemanticF1(),
    "complete-and-grounded": () => new CompleteAndGrounded(),
    "complete-and-grounded-trace": () => new CompleteAndGrounded({ threshold: 0.7 }),
  };

  it.each(fixture.judges.map((judge, index) => [`${judge.name} #${index}`, judge] as const))(
    "%s",
    async (_name, judge) => {
      const make = judges[judge.name];
      if (!make) throw new Error(`no judge ${judge.name}`);
      const lm = new DummyLM(judge.answers);
      let result: Outcome;
      try {
        const prediction = await context({ lm, adapter: new ChatAdapter() }, () =>
          make().call(new Example(judge.example), new Prediction(judge.prediction), judge.trace ? [] : undefined),
        );
        const score = prediction.get("score");
        result = typeof score === "number" && !Number.isFinite(score) ? { float: String(score) } : { value: score };
      } catch (error) {
        if (!(error instanceof DSPyError)) throw error;
        result = { error: { type: error.pythonType, message: error.message } };
      }
      expect(lm.history.map((call) => call.messages)).toEqual(judge.messages);
      expect(result).toEqual(judge.result);
    },
  );

  it("names its predictors as DSPy does, so saved states line up", () => {
    expect(new SemanticF1().namedPredictors().map(([name]) => name)).toEqual(["module.predict"]);
    expect(new CompleteAndGrounded().namedPredictors().map(([name]) => name)).toEqual([
      "completeness_module.predict",
      "groundedness_module.predict",
    ]);
  });
});
