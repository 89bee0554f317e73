import { Evaluate } from "../evaluate/evaluate.js";
import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { BaseLM } from "../lm/base-lm.js";
import { type Settings, context as settingsContext } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { Signature } from "../signatures/signature.js";
import { PythonRandom } from "../utils/python-random.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { coproFingerprint } from "./copro-state.js";
import { type MiproAutoMode, resolveMiproBudget, splitMiproDatasets } from "./mipro-auto.js";
import { loadDemoSets, MIPRO_KEYS, readPhase, saveDemoSets } from "./mipro-checkpoint.js";
import { createNFewshotDemoSets } from "./mipro-demo-sets.js";
import { proposeInstructions } from "./mipro-proposer.js";
import { type MiproScoredProgram, searchPromptParameters } from "./mipro-search.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import type { OptimizerMetric, Program } from "./program.js";
import { scopedRunContext } from "./scoped-run-context.js";

/** MIPROv2's constructor options (DSPy's arguments, camelCased). */
export interface MIPROv2Options {
  metric: OptimizerMetric;
  /** Writes the proposals (default: the LM in context). */
  promptModel?: BaseLM | undefined;
  /** Runs the program while bootstrapping and evaluating (default: the LM in context). */
  taskModel?: BaseLM | undefined;
  teacherSettings?: Partial<Settings> | undefined;
  maxBootstrappedDemos?: number;
  maxLabeledDemos?: number;
  /** `null` means explicit `numCandidates` and `numTrials` (DSPy's `auto=None`); default "light". */
  auto?: MiproAutoMode | null;
  numCandidates?: number | undefined;
  numThreads?: number | undefined;
  maxErrors?: number | undefined;
  seed?: number;
  initTemperature?: number;
  metricThreshold?: number | undefined;
  logger?: OptimizerLogger | undefined;
}

/** `compile` options (DSPy's keyword arguments). */
export interface MIPROv2CompileOptions {
  trainset: readonly Example[];
  teacher?: Program | undefined;
  valset?: readonly Example[] | undefined;
  numTrials?: number | undefined;
  maxBootstrappedDemos?: number | undefined;
  maxLabeledDemos?: number | undefined;
  seed?: number | undefined;
  minibatch?: boolean;
  minibatchSize?: number;
  minibatchFullEvalSteps?: number;
  programAwareProposer?: boolean;
  dataAwareProposer?: boolean;
  viewDataBatchSize?: number;
  tipAwareProposer?: boolean;
  fewshotAwareProposer?: boolean;
}

/** The returned program with DSPy's `track_stats` attributes. */
export type MIPROv2Result<P extends Program> = P & {
  score: number;
  candidatePrograms: MiproScoredProgram<P>[];
  mbCandidatePrograms: MiproScoredProgram<P>[];
};

/**
 * DSPy 3.4.1's `MIPROv2`: bootstraps N demo sets, proposes instructions grounded in the data, the
 * program and the demos, then searches per-predictor `(instruction, demo set)` pairs with TPE
 * (Optuna-exact), on minibatches with periodic full evaluations. Same seeds, same draws as DSPy.
 *
 * @example
 * const optimizer = new MIPROv2({ metric: answerExactMatch, auto: "light" });
 * const best = await optimizer.compile(new Predict("question -> answer"), { trainset });
 */
export class MIPROv2 {
  readonly options: Readonly<MIPROv2Options>;

  constructor(options: MIPROv2Options) {
    this.options = options;
  }

  compile<P extends Program>(
    student: P,
    options: MIPROv2CompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<MIPROv2Result<P>> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(
    student: P,
    options: MIPROv2CompileOptions,
    context: RunContext,
  ): Promise<MIPROv2Result<P>> {
    const o = this.options;
    const logger = o.logger ?? silentInfoLogger;
    const maxBootstrapped = options.maxBootstrappedDemos ?? o.maxBootstrappedDemos ?? 4;
    const maxLabeled = options.maxLabeledDemos ?? o.maxLabeledDemos ?? 4;
    const zeroshot = maxBootstrapped === 0 && maxLabeled === 0;
    // DSPy's `seed or self.seed`: 0 falls back to the constructor's seed too.
    const seed = options.seed || (o.seed ?? 9);
    const rng = new PythonRandom(seed);
    const split = splitMiproDatasets(options.trainset, options.valset);
    const budget = resolveMiproBudget(
      {
        auto: o.auto === undefined ? "light" : o.auto,
        numCandidates: o.numCandidates,
        numTrials: options.numTrials,
        minibatch: options.minibatch ?? true,
        zeroshot,
        numPredictors: student.predictors().length,
        valset: split.valset,
      },
      rng,
    );
    const minibatchSize = options.minibatchSize ?? 35;
    if (budget.minibatch && minibatchSize > budget.valset.length) {
      throw new Error(`Minibatch size cannot exceed the size of the valset. Valset size: ${budget.valset.length}.`);
    }
    const program = deepcopyModule(student);
    const evaluate = new Evaluate({
      devset: budget.valset,
      metric: o.metric,
      numThreads: o.numThreads,
      maxErrors: o.maxErrors,
    });
    const withTask = <T>(run: () => Promise<T>) => (o.taskModel ? settingsContext({ lm: o.taskModel }, run) : run());

    const fingerprint = coproFingerprint([...split.trainset, ...budget.valset], {
      optimizer: "MIPROv2",
      seed,
      maxBootstrapped,
      maxLabeled,
      budget: { ...budget, valset: budget.valset.length },
      minibatchSize,
      compile: { ...options, trainset: undefined, valset: undefined, teacher: undefined },
      initTemperature: o.initTemperature,
    });
    const restore = async <T>(key: string) =>
      context.resumed ? readPhase<T>(await context.restore(key), fingerprint) : undefined;

    logger.info("==> STEP 1: BOOTSTRAP FEWSHOT EXAMPLES <==");
    const savedDemos = await restore<Record<string, unknown>[][][]>(MIPRO_KEYS.demos);
    if (savedDemos) rng.setstate(savedDemos.rng);
    let demoCandidates = savedDemos
      ? loadDemoSets(savedDemos.value)
      : await withTask(() =>
          createNFewshotDemoSets(
            program,
            {
              numCandidateSets: budget.numFewshotCandidates,
              trainset: split.trainset,
              // Zero-shot runs still bootstrap (3 demos, no labels) to inform the proposals.
              maxLabeledDemos: zeroshot ? 0 : maxLabeled,
              maxBootstrappedDemos: zeroshot ? 3 : maxBootstrapped,
              teacher: options.teacher,
              rng,
              bootstrap: {
                metric: o.metric,
                metricThreshold: o.metricThreshold,
                teacherSettings: o.teacherSettings,
                maxErrors: o.maxErrors,
                logger,
              },
            },
            scopedRunContext(context, { prefix: "bootstrap/", forward: () => false }),
          ),
        );
    if (!savedDemos) {
      const value = saveDemoSets(demoCandidates);
      await context.checkpoint(MIPRO_KEYS.demos, { fingerprint, value, rng: rng.getstate() });
    }

    logger.info("==> STEP 2: PROPOSE INSTRUCTION CANDIDATES <==");
    throwIfCancelled(context.signal, "MIPROv2");
    const savedInstructions = await restore<string[][]>(MIPRO_KEYS.instructions);
    if (savedInstructions) rng.setstate(savedInstructions.rng);
    const instructionCandidates =
      savedInstructions?.value ??
      (await proposeInstructions(program, demoCandidates, budget.numInstructCandidates, {
        promptModel: o.promptModel,
        trainset: split.trainset,
        rng,
        viewDataBatchSize: options.viewDataBatchSize ?? 10,
        useDatasetSummary: options.dataAwareProposer ?? true,
        programAware: options.programAwareProposer ?? true,
        useTaskDemos: options.fewshotAwareProposer ?? true,
        useTip: options.tipAwareProposer ?? true,
        initTemperature: o.initTemperature ?? 1.0,
      }));
    if (!savedInstructions) {
      const value = instructionCandidates;
      await context.checkpoint(MIPRO_KEYS.instructions, { fingerprint, value, rng: rng.getstate() });
    }
    // DSPy keeps the original instruction as candidate 0 (the first proposal is discarded).
    program.predictors().forEach((predictor, i) => {
      (instructionCandidates[i] as string[])[0] = (
        predictor as unknown as { signature: Signature }
      ).signature.instructions;
      for (const [j, instruction] of (instructionCandidates[i] ?? []).entries())
        logger.info(`${i}.${j}: ${instruction}`);
    });
    if (zeroshot) demoCandidates = [];

    logger.info("==> STEP 3: FINDING OPTIMAL PROMPT PARAMETERS <==");
    const result = await withTask(() =>
      searchPromptParameters(
        program,
        {
          instructionCandidates,
          demoCandidates: demoCandidates.length ? demoCandidates : undefined,
          evaluate,
          valset: budget.valset,
          numTrials: budget.numTrials,
          minibatch: budget.minibatch,
          minibatchSize,
          minibatchFullEvalSteps: options.minibatchFullEvalSteps ?? 5,
          seed,
          rng,
          logger,
          fingerprint,
        },
        context,
      ),
    );
    logger.info(`Returning best identified program with score ${result.bestScore}!`);
    const sorted = [...result.scoreData].sort((a, b) => b.score - a.score);
    const best = result.bestProgram as MIPROv2Result<P>;
    // Not enumerable: not part of the program's state (and they hold other programs).
    const attach = (name: string, value: unknown) =>
      Object.defineProperty(best, name, { value, configurable: true, writable: true });
    attach("score", result.bestScore);
    attach(
      "candidatePrograms",
      sorted.filter((entry) => entry.fullEval),
    );
    attach(
      "mbCandidatePrograms",
      sorted.filter((entry) => !entry.fullEval),
    );
    return best;
  }
}
