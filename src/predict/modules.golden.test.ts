import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ChatAdapter } from "../adapters/chat-adapter.js";
import { DSPyError } from "../errors/dspy-error.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { Signature } from "../signatures/signature.js";
import { BestOfN } from "./best-of-n.js";
import type { CallableModule } from "./callable-module.js";
import { ChainOfThought } from "./chain-of-thought.js";
import { majority } from "./majority.js";
import { MultiChainComparison } from "./multi-chain-comparison.js";
import { normalizeText, pySplit } from "./normalize-text.js";
import { OFFER_FEEDBACK } from "./offer-feedback.js";
import { Predict } from "./predict.js";
import { Refine } from "./refine.js";
import type { RewardFn } from "./scored-attempt.js";
import { context, type TraceEntry } from "./settings.js";

// Expected values come from real DSPy 3.4.1: scripts/oracle/make_modules_fixtures.py.
interface Request {
  messages: Message[];
  kwargs: Record<string, unknown>;
  lm_kwargs: Record<string, unknown>;
}
interface Call {
  inputs: Record<string, unknown>;
  completions?: Record<string, unknown>[];
}
interface CallResult {
  result: Record<string, unknown> | null;
  error: { type: string; message: string } | null;
  trace: { signature: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[];
  logs: string;
  fail_count_after?: number;
}
interface Scenario {
  script: Record<string, unknown>[];
  requests: Request[];
  calls: CallResult[];
  program_code?: string;
  reward_code?: string;
}
interface Golden {
  offer_feedback: { instructions: string; signature: string };
  scenarios: Record<string, Scenario>;
  majority: {
    completions: Record<string, unknown>[];
    field?: string;
    normalize?: null;
    result: Record<string, unknown>;
  }[];
  majority_prediction: { completions: Record<string, unknown>[]; result: Record<string, unknown> };
  normalize_text: [string, string][];
}

const golden = JSON.parse(
  readFileSync(new URL("./__fixtures__/modules-golden.json", import.meta.url), "utf8"),
) as Golden;

/** The Python script's SequenceLM: answers in order, shared by copies, records every request. */
class SequenceLM implements BaseLM {
  readonly model = "oracle/sequence";
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;

  constructor(
    readonly kwargs: Readonly<Record<string, unknown>>,
    readonly state: { script: Record<string, unknown>[]; next: number; requests: Request[] },
  ) {}

  copy(updates: Record<string, unknown>): SequenceLM {
    return new SequenceLM({ ...this.kwargs, ...updates }, this.state);
  }

  async call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.state.requests.push(JSON.parse(JSON.stringify({ messages, kwargs, lm_kwargs: this.kwargs })) as Request);
    const fields = this.state.script[this.state.next++] ?? {};
    const render = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
    const body = Object.entries(fields).map(([name, value]) => `[[ ## ${name} ## ]]\n${render(value)}\n\n`);
    return [{ text: `${body.join("")}[[ ## completed ## ]]` }];
  }
}

class DraftThenAnswer extends Module {
  draft = new Predict("question -> draft");
  final = new ChainOfThought("question, draft -> answer");

  async call(inputs: Record<string, unknown>): Promise<Prediction> {
    const draft = (await this.draft.call({ question: inputs.question })).get("draft");
    return this.final.call({ question: inputs.question, draft });
  }
}

const answerOf = (prediction: Prediction) => String(prediction.get("answer"));
const REWARDS: Record<string, RewardFn> = {
  one_word: (_, prediction) => (pySplit(answerOf(prediction)).length === 1 ? 1 : 0),
  length_score: (_, prediction) => Math.min(answerOf(prediction).length / 10, 1),
  explode_on_boom: (_, prediction) => {
    if (answerOf(prediction) === "boom") throw new DSPyError("reward exploded", { code: "test" });
    return answerOf(prediction) === "ok" ? 1 : 0;
  },
};

type Spec =
  | { kind: "mcc"; signature: string; options?: Record<string, unknown>; calls: Call[] }
  | {
      kind: "best_of_n" | "refine";
      program: "cot" | "draft";
      reward: string;
      N: number;
      threshold: number;
      calls: Call[];
    };

// The scenario definitions of make_modules_fixtures.py (the answers are replayed from the fixture).
const Q = { question: "What is the capital of Belgium?" };
const SPECS: Record<string, Spec & { lmKwargs?: Record<string, unknown> }> = {
  mcc_basic: { kind: "mcc", signature: "question -> answer", calls: [] },
  mcc_typed_m2: {
    kind: "mcc",
    signature: "question, context: list[str] -> answer: int",
    options: { M: 2, temperature: 0.3 },
    calls: [],
  },
  mcc_wrong_m: { kind: "mcc", signature: "question -> answer", calls: [] },
  best_of_n_threshold: {
    kind: "best_of_n",
    program: "cot",
    reward: "one_word",
    N: 3,
    threshold: 1,
    calls: [{ inputs: Q }],
  },
  best_of_n_best: {
    kind: "best_of_n",
    program: "cot",
    reward: "length_score",
    N: 3,
    threshold: 2,
    lmKwargs: { rollout_id: 5 },
    calls: [{ inputs: Q }],
  },
  best_of_n_fail_count: {
    kind: "best_of_n",
    program: "cot",
    reward: "explode_on_boom",
    N: 3,
    threshold: 1,
    calls: [{ inputs: { question: "first" } }, { inputs: { question: "second" } }],
  },
  best_of_n_all_fail_n2: {
    kind: "best_of_n",
    program: "cot",
    reward: "explode_on_boom",
    N: 2,
    threshold: 1,
    calls: [{ inputs: { question: "q" } }],
  },
  refine_cot: { kind: "refine", program: "cot", reward: "one_word", N: 3, threshold: 1, calls: [{ inputs: Q }] },
  refine_two_modules: {
    kind: "refine",
    program: "draft",
    reward: "one_word",
    N: 2,
    threshold: 1,
    calls: [{ inputs: Q }],
  },
  refine_never_reaches: {
    kind: "refine",
    program: "cot",
    reward: "length_score",
    N: 2,
    threshold: 5,
    calls: [{ inputs: { question: "Say something long", extra: 3 } }],
  },
};
const MCC_CALLS: Record<string, Call[]> = {
  mcc_basic: [
    {
      inputs: { question: "What is the capital of France?" },
      completions: [
        { reasoning: "  recall that France's capital is Paris.\nMore text.", answer: " Paris \nextra" },
        { rationale: "think of Lyon", reasoning: "ignored", answer: "Lyon" },
        { reasoning: "\n\nblank first line", answer: "Paris" },
      ],
    },
  ],
  mcc_typed_m2: [
    {
      inputs: { question: "2+2?", context: ["arithmetic", "«sums»"] },
      completions: [
        { reasoning: "two plus two", answer: 4 },
        { reasoning: "it is «four»", answer: 4.5 },
      ],
    },
  ],
  mcc_wrong_m: [{ inputs: { question: "q" }, completions: [{ reasoning: "r", answer: "a" }] }],
};

function signatureText(predictor: unknown): string {
  const signature = (predictor as Predict).signature;
  const names = (fields: readonly { name: string }[]) => fields.map((field) => field.name).join(", ");
  return `${names(signature.inputFields)} -> ${names(signature.outputFields)}`;
}

async function runScenario(name: string, expected: Scenario) {
  const spec = SPECS[name];
  if (!spec) throw new Error(`no spec for ${name}`);
  const state = { script: expected.script, next: 0, requests: [] as Request[] };
  const lm = new SequenceLM({ temperature: null, max_tokens: null, ...spec.lmKwargs }, state);
  const logs: string[] = [];
  let module: (Module & { call(inputs: never): Promise<Prediction | null>; failCount?: number }) | undefined;
  if (spec.kind === "mcc") {
    module = new MultiChainComparison(spec.signature, spec.options);
  } else {
    const program: CallableModule =
      spec.program === "cot" ? new ChainOfThought("question -> answer") : new DraftThenAnswer();
    const common = {
      module: program,
      N: spec.N,
      rewardFn: REWARDS[spec.reward] as RewardFn,
      log: (line: string) => logs.push(line),
    };
    module =
      spec.kind === "best_of_n"
        ? new BestOfN({ ...common, threshold: spec.threshold })
        : new Refine({
            ...common,
            threshold: spec.threshold,
            moduleCode: expected.program_code,
            rewardCode: expected.reward_code,
          });
  }
  const calls = spec.kind === "mcc" ? (MCC_CALLS[name] ?? []) : spec.calls;
  const results: CallResult[] = [];
  for (const call of calls) {
    logs.length = 0;
    const trace: TraceEntry[] = [];
    const result: CallResult = { result: null, error: null, trace: [], logs: "" };
    try {
      const inputs = call.completions ? { ...call.inputs, completions: call.completions } : call.inputs;
      const prediction = await context({ lm, adapter: new ChatAdapter(), trace }, () => module.call(inputs as never));
      result.result = prediction === null ? null : prediction.toDict();
    } catch (error) {
      if (!(error instanceof DSPyError)) throw error;
      result.error = { type: error.pythonType, message: error.message };
    }
    result.trace = trace.map((entry) => ({
      signature: signatureText(entry.predictor),
      inputs: entry.inputs,
      outputs: entry.prediction.toDict(),
    }));
    result.logs = logs.map((line) => `${line}\n`).join("");
    if (spec.kind !== "mcc") result.fail_count_after = module.failCount;
    results.push(result);
  }
  return { requests: state.requests, calls: results };
}

describe("modules against DSPy 3.4.1 (golden)", () => {
  it.each(Object.entries(golden.scenarios))("%s: same LM requests, outputs, trace and logs", async (name, expected) => {
    const actual = await runScenario(name, expected);
    expect(actual.requests.length).toBe(expected.requests.length);
    actual.requests.forEach((request, index) => {
      const want = expected.requests[index] as Request;
      // Byte-for-byte prompts: compare each message's text, then the rest.
      expect(request.messages.map((message) => message.content)).toEqual(
        want.messages.map((message) => message.content),
      );
      expect(request).toEqual(want);
    });
    expect(actual.calls).toEqual(expected.calls.map(({ ...call }) => call));
  });

  it("OfferFeedback has DSPy's instructions and fields", () => {
    expect(OFFER_FEEDBACK.instructions).toBe(golden.offer_feedback.instructions);
    expect(signatureText({ signature: OFFER_FEEDBACK })).toBe(golden.offer_feedback.signature);
  });

  it.each(golden.majority.map((testCase, index) => [index, testCase] as const))("majority case %i", (_, testCase) => {
    const options = {
      ...(testCase.field === undefined ? {} : { field: testCase.field }),
      ...("normalize" in testCase ? { normalize: null } : {}),
    };
    expect(majority(testCase.completions, options).toDict()).toEqual(testCase.result);
  });

  it("majority over a prediction votes on the signature's last output field", () => {
    const { completions, result } = golden.majority_prediction;
    const prediction = Prediction.fromCompletions(completions);
    expect(majority(prediction, { signature: new Signature("question -> note, answer") }).toDict()).toEqual(result);
  });

  it("normalizeText matches normalize_text", () => {
    for (const [text, normalized] of golden.normalize_text) expect(normalizeText(text)).toBe(normalized);
  });
});
