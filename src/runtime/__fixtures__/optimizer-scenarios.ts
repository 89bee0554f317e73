import { answerExactMatch } from "../../evaluate/answer-match.js";
import type { BaseLM } from "../../lm/base-lm.js";
import { additions, HINT, HintLM } from "../../optimizers/__fixtures__/hint-lm.js";
import { SIMBA } from "../../optimizers/simba.js";
import { Predict } from "../../predict/predict.js";
import type { Example } from "../../primitives/example.js";
import { DummyLM } from "../../test/dummy-lm.js";
import type { CompilingOptimizer } from "../compile-job.js";

/** The optimizer runs the SIGKILL resume tests kill and resume. */
export type OptimizerScenarioName = "simba";

/** One deterministic optimizer run: the same in the test and in its child process. */
export interface OptimizerScenario {
  lm: HintLM;
  promptModel: BaseLM & { history: unknown[] };
  optimizer: CompilingOptimizer<Predict, { trainset: readonly Example[] }, Predict>;
  student: Predict;
  compileOptions: { trainset: readonly Example[] } & Record<string, unknown>;
}

const silent = { info: () => {}, error: () => {} };

/**
 * Builds the named scenario; `delayMs` slows the task LM so a run can be killed midway.
 *
 * @example
 * const { lm, optimizer, student, compileOptions } = optimizerScenario("simba", { delayMs: 0 });
 */
export function optimizerScenario(name: OptimizerScenarioName, options: { delayMs: number }): OptimizerScenario {
  const lm = new HintLM({ delayMs: options.delayMs });
  const promptModel = new DummyLM({ "[[ ## module_names ## ]]": { discussion: "Guessing.", module_advice: { self: HINT } } });
  const student = new Predict("question -> answer");
  switch (name) {
    case "simba": {
      const optimizer = new SIMBA({
        metric: answerExactMatch,
        bsize: 4,
        numCandidates: 3,
        maxSteps: 5,
        numThreads: 2,
        promptModel,
        logger: silent,
      });
      return { lm, promptModel, optimizer, student, compileOptions: { trainset: additions(8), seed: 3 } };
    }
  }
}
