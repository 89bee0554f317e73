import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BaseLM, LMOutput } from "../lm/base-lm.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { QuestionLM, questions } from "./__fixtures__/mipro-scripted-lms.js";
import { BetterTogether } from "./better-together.js";
import type { ChainableOptimizer } from "./better-together-steps.js";
import { COPRO } from "./copro.js";
import { LabeledFewShot } from "./labeled-few-shot.js";

// Recorded from real DSPy 3.4.1 by scripts/oracle/make_chain_fixtures.py.
interface GoldenCase {
  name: string;
  strategy: string;
  seed: number;
  train: [number, number];
  valset: [number, number] | null;
  valset_ratio: number;
  shuffle: boolean;
  breadth: number;
  depth: number;
  k: number;
  candidates: [string, number | null][];
  instructions: string;
  demos: Record<string, unknown>[];
  flag: boolean;
  proposal_requests: number;
}
const golden = JSON.parse(readFileSync(new URL("./__fixtures__/chain-golden.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

const PROPOSALS = [
  ["Answer briefly.", "Answer:"],
  ["Use the HINT and answer.", "Answer:"],
  ["Think, then answer.", "Final:"],
] as const;

/** The Python ProposalLM: fixed (instruction, prefix) pairs in a cycle, `n` per request. */
class ProposalLM implements BaseLM {
  readonly model = "prompt";
  readonly kwargs = {};
  readonly supportedParams: ReadonlySet<string> = new Set();
  readonly supportsResponseSchema = false;
  requests = 0;
  #next = 0;
  async call(_messages: unknown, kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.requests += 1;
    return Array.from({ length: (kwargs.n as number | undefined) ?? 1 }, () => {
      const [instruction, prefix] = PROPOSALS[this.#next++ % PROPOSALS.length] as readonly [string, string];
      return {
        text: `[[ ## proposed_instruction ## ]]\n${instruction}\n\n[[ ## proposed_prefix_for_output_field ## ]]\n${prefix}\n\n[[ ## completed ## ]]`,
      };
    });
  }
}

const metric = (example: Example, prediction: { get(key: string): unknown }) =>
  example.get("answer") === prediction.get("answer");

describe("BetterTogether against DSPy 3.4.1", () => {
  it.each(golden.cases)("$name", async (c) => {
    const proposer = new ProposalLM();
    const failing: ChainableOptimizer = {
      compile: async () => {
        throw new Error("boom");
      },
    };
    const together = new BetterTogether({
      metric,
      optimizers: {
        p: new LabeledFewShot({ k: c.k }) as unknown as ChainableOptimizer,
        c: new COPRO({
          metric,
          promptModel: proposer,
          breadth: c.breadth,
          depth: c.depth,
        }) as unknown as ChainableOptimizer,
        x: failing,
      },
      logger: { info: () => {}, error: () => {} },
    });
    const best = await context({ lm: new QuestionLM() }, () =>
      together.compile(new Predict("question -> answer"), {
        trainset: questions(...c.train),
        valset: c.valset ? questions(...c.valset) : undefined,
        seed: c.seed,
        valsetRatio: c.valset_ratio,
        shuffleTrainsetBetweenSteps: c.shuffle,
        strategy: c.strategy,
        numThreads: 1,
      }),
    );
    expect(best.candidatePrograms.map((candidate) => [candidate.strategy, candidate.score])).toEqual(c.candidates);
    expect(best.signature.instructions).toBe(c.instructions);
    expect(best.demos.map((demo) => (demo instanceof Example ? demo.toDict() : demo))).toEqual(c.demos);
    expect(best.flagCompilationErrorOccurred).toBe(c.flag);
    expect(proposer.requests).toBe(c.proposal_requests);
  });
});
