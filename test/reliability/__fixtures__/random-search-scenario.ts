import { answerExactMatch } from "../../../src/evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../../../src/lm/base-lm.js";
import type { Message } from "../../../src/lm/message.js";
import { BootstrapFewShotWithRandomSearch } from "../../../src/optimizers/random-search.js";
import { Predict } from "../../../src/predict/predict.js";
import { Example } from "../../../src/primitives/example.js";

/**
 * Answers question qN right only when the prompt carries a demo for some qM with M ≡ N (mod 3),
 * so which demos a candidate holds decides its score and candidates score differently.
 * Counts its calls and adds latency, so a run can be killed midway.
 */
export class DemoAwareLM implements BaseLM {
  readonly model = "demo-aware";
  readonly kwargs = {};
  readonly supportedParams = new Set<string>();
  readonly supportsResponseSchema = false;
  calls = 0;

  constructor(private readonly delayMs: number) {}

  async call(messages: Message[]): Promise<LMOutput[]> {
    this.calls += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const ids = messages.map((message) => Number(/What is q(\d+)\?/.exec(String(message.content))?.[1] ?? Number.NaN));
    const asked = ids.at(-1) as number;
    const helped = ids.slice(0, -1).some((id) => !Number.isNaN(id) && id % 3 === asked % 3);
    const answer = helped ? `a${asked}` : "no idea";
    return [{ text: `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]` }];
  }
}

const rows = (from: number, to: number): Example[] =>
  Array.from({ length: to - from }, (_, i) =>
    new Example({ question: `What is q${from + i}?`, answer: `a${from + i}` }).withInputs("question"),
  );

/** A deterministic random search shared by the SIGKILL test and its child process. */
export function randomSearchScenario(options: { delayMs: number }) {
  const silent = { info: () => {}, error: () => {} };
  const optimizer = new BootstrapFewShotWithRandomSearch({
    metric: answerExactMatch,
    numCandidatePrograms: 4,
    // With these budgets seed 0 is the single best candidate (100 vs at most 66.67).
    maxBootstrappedDemos: 3,
    maxLabeledDemos: 3,
    numThreads: 4,
    logger: silent,
  });
  return {
    lm: new DemoAwareLM(options.delayMs),
    optimizer,
    student: new Predict("question -> answer"),
    trainset: rows(0, 12),
    valset: rows(12, 21),
  };
}
