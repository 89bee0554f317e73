import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerExactMatch } from "../evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { additions, HINT, HintLM } from "./__fixtures__/hint-lm.js";
import { SIMBA } from "./simba.js";

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
  program_code: string;
  cases: GoldenCase[];
};

/** The Python AdviceLM: the same advice for every OfferFeedback request, every request recorded. */
class AdviceLM implements BaseLM {
  readonly model = "dummy";
  readonly kwargs = { temperature: 0.0, max_tokens: 1000 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  readonly requests: Message[][] = [];
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.requests.push(messages);
    const advice = JSON.stringify({ self: HINT }).replace(/":/g, '": ').replace(/,"/g, ', "');
    return [
      {
        text: `[[ ## discussion ## ]]\nThe worse run guessed.\n\n[[ ## module_advice ## ]]\n${advice}\n\n[[ ## completed ## ]]`,
      },
    ];
  }
}

const text = (message: Message | undefined) => (typeof message?.content === "string" ? message.content : "");

describe("SIMBA against DSPy 3.4.1", () => {
  it.each(golden.cases)("$name: same requests, same draws, same program", async (c) => {
    const lm = new HintLM({ hintWorks: c.hint_works });
    const promptModel = new AdviceLM();
    const simba = new SIMBA({
      metric: answerExactMatch,
      bsize: c.bsize,
      numCandidates: c.num_candidates,
      maxSteps: c.max_steps,
      maxDemos: c.max_demos,
      promptModel,
      numThreads: 1,
      programCode: golden.program_code,
      logger: { info: () => {}, error: () => {} },
    });
    const best = await context({ lm }, () =>
      simba.compile(new Predict("question -> answer"), { trainset: additions(c.train_size), seed: c.seed }),
    );
    const requests = lm.calls.map(({ messages, kwargs }) => ({
      rollout_id: kwargs.rollout_id ?? null,
      temperature: kwargs.temperature ?? lm.kwargs.temperature,
      question: /What is \d+ \+ \d+\?/.exec(text(messages.at(-1)))?.[0] ?? null,
      helped: c.hint_works && (text(messages[0]).includes(HINT) || messages.length > 2),
      messages: messages.length,
    }));
    expect(requests).toEqual(c.task_requests);
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
