import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import { Prediction } from "../primitives/prediction.js";
import { additions, HINT, HintLM } from "./__fixtures__/hint-lm.js";
import { SIMBA } from "./simba.js";

const text = (message: Message | undefined) => (typeof message?.content === "string" ? message.content : "");

class DraftThenAnswer extends Module {
  draft = new Predict("question -> draft");
  final = new Predict("question, draft -> answer");

  async call(inputs: Record<string, unknown>): Promise<Prediction> {
    const draft = (await this.draft.call({ question: inputs.question })).get("draft");
    return this.final.call({ question: inputs.question, draft });
  }
}

const METRICS = {
  em: answerExactMatch,
  float: (example: Example, prediction: Example) => (example.get("answer") === prediction.get("answer") ? 0.75 : 0.25),
  feedback: (example: Example, prediction: Example) => {
    const right = example.get("answer") === prediction.get("answer");
    return new Prediction({
      score: right ? 1.0 : 0.0,
      feedback: right ? "right" : `expected ${example.get("answer")}`,
    });
  },
};

// Recorded from real DSPy 3.4.1 + NumPy 2.4.6 by scripts/oracle/make_simba_fixtures.py.
interface GoldenCase {
  name: string;
  seed: number;
  bsize: number;
  num_candidates: number;
  max_steps: number;
  max_demos: number;
  train_size: number;
  hint_works: boolean;
  program: "predict" | "two";
  metric: "em" | "float" | "feedback";
  broken_advice: boolean;
  program_code: string;
  teacher: boolean;
  teacher_requests: GoldenCase["task_requests"];
  task_requests: {
    rollout_id: number | null;
    temperature: number;
    question: string;
    helped: boolean;
    messages: number;
  }[];
  prompt_requests: { role: string; content: string }[][];
  state: Record<string, unknown>;
  candidate_scores: number[];
  trial_logs: Record<string, { train_score?: number }>;
}
const golden = JSON.parse(readFileSync(new URL("./__fixtures__/simba-golden.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

/** The Python AdviceLM: advice carrying the HINT for every module named, or (broken) no fields. */
class AdviceLM implements BaseLM {
  readonly model = "dummy";
  readonly kwargs = { temperature: 0.0, max_tokens: 1000 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  readonly requests: Message[][] = [];
  constructor(readonly broken: boolean) {}
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.requests.push(messages);
    if (this.broken) return [{ text: "I cannot help with that." }];
    const names = JSON.parse(/\[\[ ## module_names ## \]\]\n([\s\S]*?)\n\n/.exec(text(messages.at(-1)))?.[1] ?? "[]");
    const entries = (names as string[]).map(
      (name) => `${JSON.stringify(name)}: ${JSON.stringify(`${HINT} (${name})`)}`,
    );
    const advice = `{${entries.join(", ")}}`;
    return [
      {
        text: `[[ ## discussion ## ]]\nThe worse run guessed.\n\n[[ ## module_advice ## ]]\n${advice}\n\n[[ ## completed ## ]]`,
      },
    ];
  }
}

describe("SIMBA against DSPy 3.4.1", () => {
  it.each(golden.cases)("$name: same requests, same draws, same program", async (c) => {
    const lm = new HintLM({ hintWorks: c.hint_works });
    const promptModel = new AdviceLM(c.broken_advice);
    const teacher = new HintLM({ hintWorks: c.hint_works, model: "hint-teacher" });
    const simba = new SIMBA({
      metric: METRICS[c.metric],
      bsize: c.bsize,
      numCandidates: c.num_candidates,
      maxSteps: c.max_steps,
      maxDemos: c.max_demos,
      promptModel,
      numThreads: 1,
      programCode: c.program_code,
      teacherSettings: c.teacher ? { lm: teacher } : undefined,
      logger: { info: () => {}, error: () => {} },
    });
    const best = await context({ lm }, () =>
      simba.compile(c.program === "two" ? new DraftThenAnswer() : new Predict("question -> answer"), {
        trainset: additions(c.train_size),
        seed: c.seed,
      }),
    );
    const requests = (model: HintLM) =>
      model.calls.map(({ messages, kwargs }) => {
        const draft = (text(messages[0]).split("Your output fields are:")[1] ?? "").includes("1. `draft`");
        return {
          rollout_id: kwargs.rollout_id ?? null,
          temperature: kwargs.temperature ?? model.kwargs.temperature,
          question: draft ? "draft" : (/What is \d+ \+ \d+\?/.exec(text(messages.at(-1)))?.[0] ?? null),
          helped: !draft && c.hint_works && (text(messages[0]).includes(HINT) || messages.length > 2),
          messages: messages.length,
        };
      });
    expect(requests(lm)).toEqual(c.task_requests);
    expect(requests(teacher)).toEqual(c.teacher_requests);
    expect(promptModel.requests).toEqual(c.prompt_requests);
    expect(best.dumpState()).toEqual(c.state);
    expect(best.candidatePrograms.map((candidate) => candidate.score)).toEqual(c.candidate_scores);
    const logs = Object.fromEntries(
      Object.entries(best.trialLogs).map(([step, log]) => [
        step,
        log.trainScore === undefined ? {} : { train_score: log.trainScore },
      ]),
    );
    expect(logs).toEqual(c.trial_logs);
  });
});
