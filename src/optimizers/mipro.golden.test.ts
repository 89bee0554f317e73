import { describe, expect, it } from "vitest";
import { detachedRunContext, type RunEventInput } from "../evaluate/run-context.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Predict } from "../predict/predict.js";
import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import type { Prediction } from "../primitives/prediction.js";
import golden from "./__fixtures__/mipro-golden.json" with { type: "json" };
import { MIPROv2 } from "./mipro.js";

// The fixture comes from DSPy 3.4.1 + Optuna 3.4.0 running the same scripted LMs (DummyLM
// subclasses overriding `_use_example`): MIPROv2(auto=None, num_candidates=4), seed 9, 6 train /
// 12 val examples, minibatch_size 5.
const text = (message: Message | undefined) => (typeof message?.content === "string" ? message.content : "");
const section = (name: string, value: string) => `[[ ## ${name} ## ]]\n${value}\n\n`;
const TIP_WORDS = ["creative", "concise", "informative", "high stakes", "persona"];

class PromptLM implements BaseLM {
  readonly model = "prompt";
  readonly kwargs = { temperature: 0 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  calls = 0;
  readonly prompts: string[][] = [];
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    this.prompts.push(messages.map(text));
    const fields = { observations: "obs", summary: "sum", program_description: "pd", module_description: "md" };
    const body = Object.entries(fields).map(([name, value]) => section(name, value));
    const tag = TIP_WORDS.find((word) => text(messages.at(-1)).includes(word)) ?? "none";
    return [
      {
        text: `${body.join("")}${section("proposed_instruction", `Answer with the HINT (${tag}).`)}[[ ## completed ## ]]`,
      },
    ];
  }
}

/** Right when the instruction carries `hint`, and for every third question regardless. */
class TaskLM implements BaseLM {
  readonly model = "task";
  readonly kwargs = { temperature: 0 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  calls = 0;
  constructor(readonly hint: string) {}
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    const number = Number(/\bq(\d+)\b/.exec(text(messages.at(-1)))?.[1]);
    const good = text(messages[0]).includes(this.hint) || number % 3 === 0;
    // Every field at once: the adapter keeps the ones the predictor asked for.
    return [
      { text: `${section("draft", "d")}${section("answer", good ? `a${number}` : "wrong")}[[ ## completed ## ]]` },
    ];
  }
}

class DraftThenAnswer extends Module {
  draft = new Predict("question -> draft");
  final = new Predict("question, draft -> answer");

  async call(inputs: Record<string, unknown>): Promise<Prediction> {
    const draft = (await this.draft.call({ question: inputs.question })).get("draft");
    return this.final.call({ question: inputs.question, draft });
  }
}

const examples = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Example({ question: `q${from + i}`, answer: `a${from + i}` }).withInputs("question"),
  );
const metric = (example: Example, prediction: { get(key: string): unknown }) =>
  example.get("answer") === prediction.get("answer");

const scenarios = [
  {
    name: "full",
    init: { auto: null, numCandidates: 4 },
    compile: { numTrials: 5, minibatch: false },
    hint: "HINT (informative)",
  },
  {
    name: "minibatch",
    init: { auto: null, numCandidates: 4 },
    compile: { numTrials: 12, minibatch: true },
    hint: "HINT (high stakes)",
  },
  // auto: the valset is resampled with the shared RNG first; 12 examples → no minibatches, 10 trials.
  { name: "light", init: { auto: "light" }, compile: {}, hint: "HINT (concise)" },
  {
    name: "two_predictors",
    init: { auto: null, numCandidates: 3 },
    compile: { numTrials: 8, minibatch: false },
    hint: "HINT (concise)",
  },
  // Zero-shot: demo sets still inform the proposals (3 bootstrapped, no labels), then are dropped.
  {
    name: "zeroshot",
    init: { auto: null, numCandidates: 4, maxBootstrappedDemos: 0, maxLabeledDemos: 0 },
    compile: { numTrials: 6, minibatch: false },
    hint: "HINT (",
  },
] as const;

describe("MIPROv2 against DSPy 3.4.1", () => {
  for (const scenario of scenarios) {
    it(`${scenario.name}: same calls, trials, params, scores and best program`, async () => {
      const expected = golden[scenario.name];
      const promptModel = new PromptLM();
      const taskModel = new TaskLM(scenario.hint);
      const events: RunEventInput[] = [];
      const optimizer = new MIPROv2({ metric, promptModel, taskModel, numThreads: 1, ...scenario.init });
      const student = scenario.name === "two_predictors" ? new DraftThenAnswer() : new Predict("question -> answer");
      const best = await optimizer.compile(
        student,
        {
          trainset: examples(0, 6),
          valset: examples(100, 12),
          minibatchSize: 5,
          ...scenario.compile,
        },
        detachedRunContext({ onEvent: (event) => events.push(event) }),
      );
      expect(promptModel.calls).toBe(expected.prompt_calls);
      expect(taskModel.calls).toBe(expected.task_calls);
      // Recorded for the bare-Predict scenario: every prompt-model request, message by message.
      if (expected.prompts.length) expect(promptModel.prompts).toEqual(expected.prompts);
      const trials: Record<string, unknown> = {};
      for (const event of events) {
        if (event.type !== "trial-end") continue;
        const params = (event.detail as { params: Record<string, number> }).params;
        trials[String(event.trial)] = {
          ...params,
          ["minibatch" in scenario.compile && scenario.compile.minibatch ? "mb_score" : "full_eval_score"]: event.score,
        };
      }
      const expectedTrials = Object.fromEntries(
        Object.entries(expected.logs).filter(([, log]) => "0_predictor_instruction" in log),
      );
      expect(trials).toEqual(expectedTrials);
      expect(best.score).toBe(expected.score);
      const predictors = best.predictors() as unknown as Predict[];
      expect(predictors.map((predictor) => predictor.signature.instructions)).toEqual(expected.instructions);
      expect(predictors.map((p) => p.demos.map((demo) => (demo as Example).get("question")))).toEqual(expected.demos);
      expect(best.candidatePrograms.map((entry) => entry.score)).toEqual(expected.candidates);
      expect(best.mbCandidatePrograms.map((entry) => entry.score)).toEqual(expected.mb);
    });
  }
});
