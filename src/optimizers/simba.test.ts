import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { answerExactMatch } from "../evaluate/answer-match.js";
import { Evaluate } from "../evaluate/evaluate.js";
import type { RunEventInput } from "../evaluate/run-context.js";
import { detachedRunContext } from "../evaluate/run-context.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { DummyLM } from "../test/dummy-lm.js";
import { additions, HINT, HintLM } from "./__fixtures__/hint-lm.js";
import { SIMBA, type SIMBAOptions } from "./simba.js";
import { finalCandidateIndices } from "./simba-pool.js";

type TrialEnd = Extract<RunEventInput, { type: "trial-end" }>;
const SILENT = { info: () => {}, error: () => {} };
const advice = () =>
  new DummyLM({ "[[ ## module_names ## ]]": { discussion: "The worse run guessed.", module_advice: { self: HINT } } });

async function run(options: Partial<SIMBAOptions>, lm: HintLM, promptModel: DummyLM, trainSize: number, seed = 0) {
  const events: RunEventInput[] = [];
  const simba = new SIMBA({ metric: answerExactMatch, promptModel, logger: SILENT, ...options });
  const trainset = additions(trainSize);
  const result = await context({ lm }, () =>
    simba.compile(
      new Predict("question -> answer"),
      { trainset, seed },
      detachedRunContext({ onEvent: (e) => events.push(e) }),
    ),
  );
  return { result, events, simba, lm };
}

describe("SIMBA", () => {
  // Rules only (maxDemos 0) and an LM that the rules never help: every example's trajectories
  // disagree (even rollout ids answer right), so every bucket yields a rule call and a candidate.
  it.each([
    { bsize: 4, numCandidates: 2, maxSteps: 2, trainSize: 6 },
    { bsize: 3, numCandidates: 3, maxSteps: 3, trainSize: 7 },
    { bsize: 5, numCandidates: 2, maxSteps: 4, trainSize: 5 },
    { bsize: 2, numCandidates: 4, maxSteps: 1, trainSize: 9 },
  ])("makes exactly the LM calls of SIMBA's cost formula ($bsize, $numCandidates, $maxSteps)", async (setting) => {
    const { bsize, numCandidates: C, maxSteps, trainSize } = setting;
    const lm = new HintLM({ hintWorks: false });
    const promptModel = advice();
    const { result } = await run({ bsize, numCandidates: C, maxSteps, maxDemos: 0 }, lm, promptModel, trainSize);
    const candidatesPerStep = Math.min(bsize, C + 1);
    const finalists = finalCandidateIndices(maxSteps, C + 1).length;
    const expected = maxSteps * bsize * C + maxSteps * candidatesPerStep * bsize + finalists * trainSize;
    expect(lm.calls.length).toBe(expected);
    expect(promptModel.history.length).toBe(maxSteps * candidatesPerStep);
    expect(result.lmCalls).toEqual({ "hint-task": expected, dummy: maxSteps * candidatesPerStep });
    // Sampling calls carry rollout ids 0..C-1 at temperature 1.0; the others the LM's defaults.
    const rollouts = lm.calls.map((call) => call.kwargs.rollout_id).filter((id) => id !== undefined);
    expect(new Set(rollouts)).toEqual(new Set(Array.from({ length: C }, (_, i) => i)));
    expect(rollouts).toHaveLength(maxSteps * bsize * C);
  });

  it("stays within the formula's bounds with demos and rules mixed", async () => {
    const lm = new HintLM();
    const promptModel = advice();
    const bsize = 4;
    const C = 3;
    const steps = 3;
    const { events } = await run({ bsize, numCandidates: C, maxSteps: steps }, lm, promptModel, 8);
    const trialEnds = events.filter((e): e is TrialEnd => e.type === "trial-end");
    const ends = trialEnds.filter((e) => e.detail?.phase === "step");
    const candidates = ends.map((e) => ((e.detail?.candidateScores as number[] | undefined) ?? []).length);
    expect(candidates.every((n) => n <= C + 1)).toBe(true);
    const finalists = trialEnds.filter((e) => e.detail?.phase === "validation").length;
    const sum = candidates.reduce((a, b) => a + b, 0);
    expect(lm.calls.length).toBe(steps * bsize * C + sum * bsize + finalists * 8);
    expect(promptModel.history.length).toBeLessThanOrEqual(steps * (C + 1));
    const perStep = ends.map((e) => (e.detail?.lmCalls as Record<string, number> | undefined)?.["hint-task"]);
    expect(perStep).toEqual(candidates.map((n) => bsize * C + n * bsize));
  });

  it("raises the devset score when the instructions or demos carry the hint", async () => {
    const devset = additions(10, 50);
    const evaluate = new Evaluate({ devset, metric: answerExactMatch, displayProgress: false });
    const lm = new HintLM();
    const before = await context({ lm }, () => evaluate.run(new Predict("question -> answer")));
    const { result } = await run({ bsize: 4, numCandidates: 3, maxSteps: 3 }, lm, advice(), 8);
    const after = await context({ lm }, () => evaluate.run(result));
    expect(before.score).toBe(0);
    expect(after.score).toBe(100);
    const carriesHint = result.signature.instructions.includes(HINT) || result.demos.length > 0;
    expect(carriesHint).toBe(true);
    expect(result.candidatePrograms[0]?.score).toBe(1);
  });

  it("is deterministic for a seed", async () => {
    const runs = await Promise.all(
      [0, 0].map(
        async (seed) =>
          (await run({ bsize: 4, numCandidates: 3, maxSteps: 2 }, new HintLM(), advice(), 8, seed)).result,
      ),
    );
    expect(runs[0]?.dumpState()).toEqual(runs[1]?.dumpState());
    expect(runs[0]?.trialLogs).toEqual(runs[1]?.trialLogs);
  });

  it("stops when cancelled and resumes from its last step to the uninterrupted program", async () => {
    const options = { bsize: 4, numCandidates: 3, maxSteps: 4, numThreads: 1 };
    const expected = await run(options, new HintLM(), advice(), 8, 5);
    const store = new Map<string, string>();
    const controller = new AbortController();
    const lm = new HintLM();
    const call = lm.call.bind(lm);
    // Cancel in the third step's sampling: two steps are checkpointed by then.
    lm.call = async (messages, kwargs) => {
      if (lm.calls.length === 2 * (12 + 16) + 5) controller.abort("killed");
      return call(messages, kwargs);
    };
    const simba = new SIMBA({ metric: answerExactMatch, promptModel: advice(), logger: SILENT, ...options });
    const context_ = (resumed: boolean, signal?: AbortSignal) => ({
      signal: signal ?? new AbortController().signal,
      resumed,
      emit: () => {},
      checkpoint: async (key: string, value: unknown) => {
        store.set(key, JSON.stringify(value));
      },
      restore: async (key: string) => (store.has(key) ? JSON.parse(store.get(key) as string) : undefined),
      setPartial: () => {},
    });
    const student = () => new Predict("question -> answer");
    await expect(
      context({ lm }, () =>
        simba.compile(student(), { trainset: additions(8), seed: 5 }, context_(false, controller.signal)),
      ),
    ).rejects.toBeInstanceOf(AbortError);
    expect(JSON.parse(store.get("simba") as string).step).toBe(2);
    const second = new HintLM();
    const resumed = await context({ lm: second }, () =>
      simba.compile(student(), { trainset: additions(8), seed: 5 }, context_(true)),
    );
    expect(resumed.dumpState()).toEqual(expected.result.dumpState());
    expect(resumed.candidatePrograms.map((c) => c.score)).toEqual(
      expected.result.candidatePrograms.map((c) => c.score),
    );
    expect(second.calls.length).toBeLessThan(expected.lm.calls.length);
  });

  it("rejects a trainset smaller than the batch, as DSPy asserts", async () => {
    const simba = new SIMBA({ metric: answerExactMatch, bsize: 8 });
    await expect(simba.compile(new Predict("question -> answer"), { trainset: additions(3) })).rejects.toThrow(
      "Trainset too small: 3 < 8",
    );
  });
});
