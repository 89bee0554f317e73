/**
 * The `fewshot` kind of the oracle runner: compiles the case's student with one of the few-shot
 * optimizers against the scripted LM and reports the compiled predictor's demos, with the same
 * parameter handling as run_py.py's `run_fewshot` (see its docstring and shared/oracle/CASES.md).
 */
import { ChatAdapter } from "../../src/adapters/chat-adapter.js";
import type { Demo } from "../../src/adapters/message.js";
import { DSPyError } from "../../src/errors/dspy-error.js";
import { answerExactMatch } from "../../src/evaluate/answer-match.js";
import { BootstrapFewShot } from "../../src/optimizers/bootstrap-few-shot.js";
import { LabeledFewShot } from "../../src/optimizers/labeled-few-shot.js";
import type { OptimizerMetricFn, Program } from "../../src/optimizers/program.js";
import { BootstrapFewShotWithRandomSearch } from "../../src/optimizers/random-search.js";
import { ChainOfThought } from "../../src/predict/chain-of-thought.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import { Prediction } from "../../src/primitives/prediction.js";
import { Signature } from "../../src/signatures/signature.js";
import { pyRepr } from "../../src/utils/python-repr.js";
import { ScriptedLM, type ScriptSpec } from "./scripted-lm.js";

/** A `fewshot` case as CASES.md defines it. */
export interface FewshotCase {
  optimizer?: string;
  params?: Record<string, unknown>;
  module?: string;
  signature?: string;
  instructions?: string | null;
  config?: Record<string, unknown>;
  trainset?: Demo[];
  valset?: Demo[] | null;
  input_keys?: string[] | null;
  metric?: string | null;
  lm?: ScriptSpec;
}

/** run_py.py's JSON → DSPy-object conversion of one row's fields. */
export type ConvertFields = (signature: Signature, values: Demo) => Demo;

const SILENT = { info: () => {}, error: () => {} };

// Constructor params (Python names) and compile() params of each optimizer, as run_py.py reads them.
const OPTIMIZERS: Record<string, { init: string[]; compile: string[]; valset: boolean }> = {
  LabeledFewShot: { init: ["k"], compile: ["sample"], valset: false },
  BootstrapFewShot: {
    init: [
      "metric",
      "metric_threshold",
      "teacher_settings",
      "max_bootstrapped_demos",
      "max_labeled_demos",
      "max_rounds",
      "max_errors",
    ],
    compile: [],
    valset: false,
  },
  BootstrapFewShotWithRandomSearch: {
    init: [
      "metric",
      "teacher_settings",
      "max_bootstrapped_demos",
      "max_labeled_demos",
      "max_rounds",
      "num_candidate_programs",
      "num_threads",
      "max_errors",
      "stop_at_score",
      "metric_threshold",
    ],
    compile: ["labeled_sample", "restrict"],
    valset: true,
  },
};

/**
 * Runs a fewshot case: `{ demos, score }`, or throws what the optimizer (or a malformed case) threw.
 *
 * @example
 * const { demos } = await runFewshot(testCase, convertFields);
 */
export async function runFewshot(
  testCase: FewshotCase,
  convertFields: ConvertFields,
): Promise<{ demos: unknown[]; score: number | null }> {
  const name = testCase.optimizer ?? "";
  const spec = OPTIMIZERS[name];
  if (!spec) throw caseError(`unknown optimizer ${pyRepr(testCase.optimizer ?? null)}`);
  const params: Record<string, unknown> = { ...testCase.params };
  const compileParams: Record<string, unknown> = {};
  for (const key of spec.compile) {
    if (key in params) {
      compileParams[key] = params[key];
      delete params[key];
    }
  }
  if ("seed" in params && !spec.init.includes("seed")) delete params.seed;
  const unknown = Object.keys(params)
    .filter((key) => !spec.init.includes(key))
    .sort();
  if (unknown.length > 0) throw caseError(`${name} does not take params ${pyRepr(unknown)}`);
  if (spec.init.includes("metric") && testCase.metric !== undefined && testCase.metric !== null) {
    params.metric = makeMetric(testCase.metric);
  }
  const teacherSettings = params.teacher_settings as Record<string, unknown> | undefined;
  if (teacherSettings && Object.keys(teacherSettings).length > 0)
    throw caseError("run-ts supports only empty teacher_settings");

  const signature = new Signature(testCase.signature ?? "", testCase.instructions ?? undefined);
  if (testCase.module !== undefined && testCase.module !== "Predict" && testCase.module !== "ChainOfThought") {
    throw caseError(`unknown module ${pyRepr(testCase.module)}`);
  }
  const student: Program =
    testCase.module === "ChainOfThought"
      ? new ChainOfThought(signature, testCase.config ?? {})
      : new Predict(signature, testCase.config ?? {});
  const inputKeys = testCase.input_keys ?? signature.inputFields.map((field) => field.name);
  const examples = (rows: Demo[]) =>
    rows.map((row) => new Example(convertFields(signature, row)).withInputs(...inputKeys));
  const trainset = examples(testCase.trainset ?? []);
  let valset: Example[] | undefined;
  if (testCase.valset !== undefined && testCase.valset !== null) {
    if (!spec.valset) throw caseError(`${name} does not take a valset`);
    valset = examples(testCase.valset);
  }
  const [outputPredictor] = student.predictors() as Predict[];
  const lm = new ScriptedLM(
    testCase.lm ?? {},
    () => outputPredictor?.signature.outputFields.map((field) => field.name) ?? [],
  );

  const program = await context({ lm, adapter: new ChatAdapter() }, () =>
    compile(name, params, compileParams, student, trainset, valset),
  );
  const predictors = program.predictors() as Predict[];
  if (predictors.length !== 1) throw caseError(`expected one predictor, found ${predictors.length}`);
  const demos = (predictors[0] as Predict).dumpState().demos as unknown[];
  const candidates = (program as { candidatePrograms?: { score: number }[] }).candidatePrograms;
  return { demos, score: candidates?.[0]?.score ?? null };
}

function compile(
  name: string,
  params: Record<string, unknown>,
  compileParams: Record<string, unknown>,
  student: Program,
  trainset: Example[],
  valset: Example[] | undefined,
): Promise<Program> {
  const num = (key: string) => params[key] as number | undefined;
  const common = {
    metric: params.metric as OptimizerMetricFn | undefined,
    metricThreshold: num("metric_threshold"),
    maxBootstrappedDemos: num("max_bootstrapped_demos"),
    maxLabeledDemos: num("max_labeled_demos"),
    maxRounds: num("max_rounds"),
    maxErrors: num("max_errors"),
    logger: SILENT,
  };
  if (name === "LabeledFewShot") {
    const sample = compileParams.sample as boolean | undefined;
    return new LabeledFewShot({ k: num("k") }).compile(student, { trainset, sample });
  }
  if (name === "BootstrapFewShot") return new BootstrapFewShot(common).compile(student, { trainset });
  if (!common.metric) throw caseError("BootstrapFewShotWithRandomSearch needs a metric");
  const search = new BootstrapFewShotWithRandomSearch({
    ...common,
    metric: common.metric,
    numCandidatePrograms: num("num_candidate_programs"),
    numThreads: 1,
    stopAtScore: num("stop_at_score"),
  });
  return search.compile(student, {
    trainset,
    valset,
    restrict: compileParams.restrict as number[] | undefined,
    labeledSample: compileParams.labeled_sample as boolean | undefined,
  });
}

// run_py.py's make_metric: DSPy's answer_exact_match on a field, or a metric that always passes.
function makeMetric(spec: string): OptimizerMetricFn {
  if (spec === "always") return () => true;
  if (spec.startsWith("exact_match:")) {
    const field = spec.slice("exact_match:".length);
    if (field === "answer") return (example, prediction) => answerExactMatch(example, prediction);
    return (example, prediction) =>
      answerExactMatch(new Example({ answer: example.get(field) }), new Prediction({ answer: prediction.get(field) }));
  }
  throw caseError(`unknown metric ${pyRepr(spec)}`);
}

function caseError(message: string): DSPyError {
  return new DSPyError(message, { code: "case_error", pythonType: "CaseError" });
}
