import {
  TwoStep,
  TypedReflectionLM,
  TypedTaskLM,
  TYPED_WORDS,
  typedExamples,
  typedMetric,
} from "../../../src/optimizers/__fixtures__/gepa-golden-lms.js";
import { GEPA } from "../../../src/optimizers/gepa.js";

/** A deterministic GEPA run (reflection, rejections, a merge) shared by the SIGKILL test and its child. */
export function gepaScenario(options: { delayMs: number }) {
  const words = Object.keys(TYPED_WORDS);
  const lm = new TypedTaskLM();
  const reflectionLM = new TypedReflectionLM();
  lm.latencyMs = options.delayMs;
  reflectionLM.latencyMs = options.delayMs;
  const optimizer = new GEPA({
    metric: typedMetric,
    reflectionLM,
    maxMetricCalls: 90,
    reflectionMinibatchSize: 2,
    skipPerfectScore: false,
    seed: 5,
    trackStats: true,
    numThreads: 2,
    logger: { info: () => {}, error: () => {} },
  });
  return {
    lm,
    reflectionLM,
    optimizer,
    student: new TwoStep(),
    trainset: typedExamples(words.slice(0, 7)),
    valset: typedExamples(words.slice(7)),
  };
}
