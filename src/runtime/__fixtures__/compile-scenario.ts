import { answerExactMatch } from "../../evaluate/answer-match.js";
import { BootstrapFewShot } from "../../optimizers/bootstrap-few-shot.js";
import { Predict } from "../../predict/predict.js";
import { Example } from "../../primitives/example.js";
import { DummyLM } from "../../test/dummy-lm.js";
import { CountingLM } from "./evaluate-scenario.js";

/** A deterministic BootstrapFewShot run shared by the SIGKILL test and its child process. */
export function compileScenario(options: { delayMs: number }) {
  const trainset = Array.from({ length: 16 }, (_, index) =>
    new Example({ question: `Spell ${index} in words?`, answer: `w${index}` }).withInputs("question"),
  );
  // Only every third answer is right, so the run must walk far into the trainset for 4 demos.
  const answers = Object.fromEntries(
    trainset.map((example, index) => [example.get("question") as string, { answer: index % 3 === 2 ? `w${index}` : "no" }]),
  );
  const lm = new CountingLM(new DummyLM(answers), options.delayMs);
  const silent = { info: () => {}, error: () => {} };
  const optimizer = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 4, maxLabeledDemos: 4, logger: silent });
  return { trainset, lm, optimizer, student: new Predict("question -> answer") };
}
