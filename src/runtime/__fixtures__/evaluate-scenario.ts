import { answerExactMatch } from "../../evaluate/answer-match.js";
import type { BaseLM, LMOutput } from "../../lm/base-lm.js";
import type { Message } from "../../lm/message.js";
import { Predict } from "../../predict/predict.js";
import { Example } from "../../primitives/example.js";
import { DummyLM } from "../../test/dummy-lm.js";

/** A deterministic evaluation shared by the resume test and its child process. */
export function evaluateScenario(options: { delayMs: number }) {
  const devset = Array.from({ length: 30 }, (_, index) =>
    new Example({ question: `What is ${index} + ${index}?`, answer: String(2 * index) }).withInputs("question"),
  );
  // Right answers for multiples of 3 only, so the score is a non-trivial fraction (33.33).
  const answers = Object.fromEntries(
    devset.map((example, index) => [example.get("question") as string, { answer: index % 3 === 0 ? String(2 * index) : "wrong" }]),
  );
  const lm = new CountingLM(new DummyLM(answers), options.delayMs);
  return { devset, lm, program: new Predict("question -> answer"), metric: answerExactMatch };
}

/** Counts calls and adds latency, so a run can be killed midway. */
export class CountingLM implements BaseLM {
  calls = 0;
  readonly model: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly supportedParams: ReadonlySet<string>;
  readonly supportsResponseSchema: boolean;

  constructor(
    private readonly inner: BaseLM,
    private readonly delayMs: number,
  ) {
    this.model = inner.model;
    this.kwargs = inner.kwargs;
    this.supportedParams = inner.supportedParams;
    this.supportsResponseSchema = inner.supportsResponseSchema;
  }

  async call(messages: Message[], kwargs: Record<string, unknown>): Promise<LMOutput[]> {
    this.calls++;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.inner.call(messages, kwargs);
  }
}
