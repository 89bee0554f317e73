import { afterAll, describe, expect, inject, it } from "vitest";
import { answerExactMatch } from "../../src/evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../../src/lm/base-lm.js";
import type { Message } from "../../src/lm/message.js";
import { BootstrapFewShotWithRandomSearch } from "../../src/optimizers/random-search.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import { compileJob } from "../../src/runtime/compile-job.js";
import { DistributedEvaluator } from "../../src/runtime/distributed/distributed-evaluator.js";
import { DistributedWorker } from "../../src/runtime/distributed/distributed-worker.js";

// The candidates' valset evaluations of BootstrapFewShotWithRandomSearch go to BullMQ workers
// (in this process, but reached only through Redis: the candidate programs travel as saved JSON).
const redis = inject("redisUrl");
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** Answers question n right when the prompt holds at least n % 3 demos, so candidates score differently. */
class DemoCountingLM implements BaseLM {
  readonly model = "demo-counting";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  calls = 0;
  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    const question = Number(/q(\d+)\?/.exec(String(messages.at(-1)?.content))?.[1]);
    const demos = (messages.length - 2) / 2;
    const answer = demos >= question % 3 ? `a${question}` : "no idea";
    return [{ text: `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]` }];
  }
}

const rows = (from: number, to: number): Example[] =>
  Array.from({ length: to - from }, (_, i) =>
    new Example({ question: `What is q${from + i}?`, answer: `a${from + i}` }).withInputs("question"),
  );
const trainset = rows(0, 8);
const valset = rows(8, 20);
const search = () =>
  new BootstrapFewShotWithRandomSearch({
    metric: answerExactMatch,
    numCandidatePrograms: 4,
    maxBootstrappedDemos: 3,
    maxLabeledDemos: 3,
    numThreads: 2,
    logger: { info: () => {}, error: () => {} },
  });

describe("optimizer trials over distributed workers", () => {
  it("BootstrapFewShotWithRandomSearch scores its candidates on the workers and picks what a local run picks", async () => {
    const local = await context({ lm: new DemoCountingLM() }, () =>
      compileJob(search(), new Predict("question -> answer"), { trainset, valset }),
    );

    // Before any worker listens, opening an evaluation warns (the examples would just wait).
    const warnings: string[] = [];
    const early = new DistributedEvaluator({ redis, queue: "optimizer", logger: { warn: (m) => warnings.push(m) } });
    closers.push(() => early.close());
    const waiting = await early.open({
      program: new Predict("question -> answer"),
      metric: answerExactMatch,
      devset: valset,
    });
    await waiting.close();
    expect(warnings).toEqual([expect.stringContaining("No worker listens on queue 'optimizer'")]);

    const workerLMs = [new DemoCountingLM(), new DemoCountingLM()];
    for (const lm of workerLMs) {
      const worker = await DistributedWorker.start({
        redis,
        queue: "optimizer",
        program: () => new Predict("question -> answer"),
        metric: answerExactMatch,
        lm,
        concurrency: 3,
      });
      closers.push(() => worker.close());
    }
    const distributed = new DistributedEvaluator({
      redis,
      queue: "optimizer",
      logger: { warn: (m) => warnings.push(m) },
    });
    closers.push(() => distributed.close());
    const coordinatorLM = new DemoCountingLM();
    const remote = await context({ lm: coordinatorLM }, () =>
      compileJob(search(), new Predict("question -> answer"), { trainset, valset }, { backend: distributed }),
    );

    const scores = (program: typeof local) => program.candidatePrograms.map(({ seed, score }) => [seed, score]);
    expect(new Set(local.candidatePrograms.map(({ score }) => score)).size).toBeGreaterThan(1);
    expect(scores(remote)).toEqual(scores(local));
    expect(remote.candidatePrograms.map(({ subscores }) => subscores)).toEqual(
      local.candidatePrograms.map(({ subscores }) => subscores),
    );
    expect(remote.dumpState()).toEqual(local.dumpState());
    expect(warnings).toHaveLength(1); // workers were listening this time
    // Every candidate's valset examples ran on the workers; the coordinator only bootstrapped demos.
    const candidates = local.candidatePrograms.length;
    expect(workerLMs.reduce((sum, lm) => sum + lm.calls, 0)).toBe(candidates * valset.length);
    expect(workerLMs.every((lm) => lm.calls > 0)).toBe(true);
    expect(coordinatorLM.calls).toBeLessThanOrEqual(candidates * trainset.length);
  });
});
