import { describe, expect, it } from "vitest";
import type { RunEventInput } from "../evaluate/run-context.js";
import { detachedRunContext } from "../evaluate/run-context.js";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";
import { Predict } from "../predict/predict.js";
import { Example } from "../primitives/example.js";
import { MIPROv2 } from "./mipro.js";

const text = (message: Message | undefined) => (typeof message?.content === "string" ? message.content : "");
const section = (name: string, value: string) => `[[ ## ${name} ## ]]\n${value}\n\n`;

/** Proposes instructions carrying a HINT; answers every other prompt with fixed text. */
class PromptLM implements BaseLM {
  readonly model = "prompt";
  readonly kwargs = { temperature: 0 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  calls = 0;
  async call(): Promise<LMOutput[]> {
    this.calls += 1;
    const fields = { observations: "obs", summary: "sum", program_description: "pd", module_description: "md" };
    const body = Object.entries(fields).map(([name, value]) => section(name, value));
    return [
      { text: `${body.join("")}${section("proposed_instruction", "Answer with the HINT.")}[[ ## completed ## ]]` },
    ];
  }
}

/** Answers question qN with aN only when the instruction carries the HINT. */
class TaskLM implements BaseLM {
  readonly model = "task";
  readonly kwargs = { temperature: 0 };
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  calls = 0;
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    const hinted = text(messages[0]).includes("HINT");
    const number = /\bq(\d+)\b/.exec(text(messages.at(-1)))?.[1];
    return [{ text: `${section("answer", hinted ? `a${number}` : "wrong")}[[ ## completed ## ]]` }];
  }
}

const examples = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Example({ question: `q${from + i}`, answer: `a${from + i}` }).withInputs("question"),
  );
const metric = (example: Example, prediction: { get(key: string): unknown }) =>
  example.get("answer") === prediction.get("answer");

async function run(numTrials: number, minibatch: boolean) {
  const promptModel = new PromptLM();
  const taskModel = new TaskLM();
  const events: RunEventInput[] = [];
  const optimizer = new MIPROv2({ metric, promptModel, taskModel, auto: null, numCandidates: 3 });
  const best = await optimizer.compile(
    new Predict("question -> answer"),
    { trainset: examples(0, 4), valset: examples(100, 10), numTrials, minibatch, minibatchSize: 5 },
    detachedRunContext({ onEvent: (event) => events.push(event) }),
  );
  return { best, promptModel, taskModel, events };
}

describe("MIPROv2", () => {
  it("costs what the reference formulas say, without minibatches", async () => {
    const { promptModel, taskModel, events } = await run(4, false);
    // Prompt model: 2 summary calls (4 examples) + P·I·3 with I = min(3, 3).
    expect(promptModel.calls).toBe(2 + 1 * 3 * 3);
    // Task model: bootstrapping (N_fs − 2)·T = 4 (nothing passes), then V + num_trials·V.
    expect(taskModel.calls).toBe(4 + 10 + 4 * 10);
    expect(events.filter((event) => event.type === "trial-end")).toHaveLength(4);
  });

  it("costs V + trials·35-style minibatches + F full evals with minibatches", async () => {
    const { taskModel, events } = await run(6, true);
    // F = ⌊6/5⌋ + [6 mod 5 ≠ 0] = 2 full evaluations, minibatches of 5.
    expect(taskModel.calls).toBe(4 + 10 + 6 * 5 + 2 * 10);
    // Optuna numbers: default 0, trials 1..5, full eval 6, trial 7, full eval 8.
    expect(events.filter((event) => event.type === "trial-start").map((event) => event.trial)).toEqual([
      2, 3, 4, 5, 6, 8,
    ]);
  });

  it("raises the score from the baseline by picking a hinted instruction", async () => {
    const { best } = await run(4, false);
    expect(best.candidatePrograms.at(-1)?.score).toBe(0); // the original instruction
    expect(best.score).toBe(100);
    expect(best.signature.instructions).toContain("HINT");
  });
});
