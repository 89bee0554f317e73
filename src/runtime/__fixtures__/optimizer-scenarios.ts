import { answerExactMatch } from "../../evaluate/answer-match.js";
import type { BaseLM } from "../../lm/base-lm.js";
import { additions, HINT, HintLM } from "../../optimizers/__fixtures__/hint-lm.js";
import { QuestionLM, questions, VaryingPromptLM } from "../../optimizers/__fixtures__/mipro-scripted-lms.js";
import { BetterTogether } from "../../optimizers/better-together.js";
import type { ChainableOptimizer } from "../../optimizers/better-together-steps.js";
import { MIPROv2 } from "../../optimizers/mipro.js";
import { BootstrapFewShotWithRandomSearch } from "../../optimizers/random-search.js";
import { SIMBA } from "../../optimizers/simba.js";
import { Predict } from "../../predict/predict.js";
import type { Example } from "../../primitives/example.js";
import { DummyLM } from "../../test/dummy-lm.js";
import type { CompilingOptimizer } from "../compile-job.js";

/** The optimizer runs the SIGKILL resume tests kill and resume. */
export type OptimizerScenarioName = "simba" | "mipro" | "chain";

/** One deterministic optimizer run: the same in the test and in its child process. */
export interface OptimizerScenario {
  /** The LM in context. */
  lm: BaseLM;
  /** Task-model and prompt-model calls so far. */
  taskCalls(): number;
  promptCalls(): number;
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
  const student = new Predict("question -> answer");
  switch (name) {
    case "simba": {
      const lm = new HintLM({ delayMs: options.delayMs });
      const promptModel = new DummyLM({
        "[[ ## module_names ## ]]": { discussion: "Guessing.", module_advice: { self: HINT } },
      });
      const optimizer = new SIMBA({
        metric: answerExactMatch,
        bsize: 4,
        numCandidates: 3,
        maxSteps: 5,
        numThreads: 2,
        promptModel,
        logger: silent,
      });
      return {
        lm,
        taskCalls: () => lm.calls.length,
        promptCalls: () => promptModel.history.length,
        optimizer,
        student,
        compileOptions: { trainset: additions(8), seed: 3 },
      };
    }
    case "mipro": {
      const lm = new QuestionLM(options.delayMs);
      const promptModel = new VaryingPromptLM();
      const metric = (example: Example, prediction: Example) => example.get("answer") === prediction.get("answer");
      const optimizer = new MIPROv2({ metric, promptModel, auto: null, numCandidates: 4, numThreads: 2, logger: silent });
      const compileOptions = {
        trainset: questions(0, 6),
        valset: questions(100, 12),
        numTrials: 12,
        minibatchSize: 5,
      };
      return {
        lm,
        taskCalls: () => lm.calls,
        promptCalls: () => promptModel.calls,
        optimizer,
        student,
        compileOptions,
      };
    }
    case "chain": {
      const lm = new QuestionLM(options.delayMs);
      const promptModel = new VaryingPromptLM();
      const metric = (example: Example, prediction: Example) => example.get("answer") === prediction.get("answer");
      const search = new BootstrapFewShotWithRandomSearch({
        metric,
        numCandidatePrograms: 2,
        maxBootstrappedDemos: 2,
        maxLabeledDemos: 2,
        numThreads: 2,
        logger: silent,
      });
      const mipro = new MIPROv2({ metric, promptModel, auto: null, numCandidates: 3, numThreads: 2, logger: silent });
      const optimizer = new BetterTogether({
        metric,
        optimizers: [search, mipro] as unknown as ChainableOptimizer[],
        logger: silent,
      });
      const compileOptions = {
        trainset: questions(0, 9),
        valset: questions(100, 9),
        seed: 0,
        numThreads: 2,
        optimizerCompileArgs: { "1": { numTrials: 6, minibatch: false } },
      };
      return {
        lm,
        taskCalls: () => lm.calls,
        promptCalls: () => promptModel.calls,
        optimizer: optimizer as unknown as OptimizerScenario["optimizer"],
        student,
        compileOptions,
      };
    }
  }
}
