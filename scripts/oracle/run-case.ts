/**
 * Runs one oracle case against dspy-typescript. Shared by the `run-ts.ts` CLI, the golden
 * test and the differential fuzzer so all three exercise exactly the same path.
 */
import { ChatAdapter } from "../../src/adapters/chat-adapter.js";
import { JSONAdapter } from "../../src/adapters/json-adapter.js";
import type { Demo } from "../../src/adapters/message.js";
import { XMLAdapter } from "../../src/adapters/xml-adapter.js";
import { DSPyError } from "../../src/errors/dspy-error.js";
import { answerExactMatch } from "../../src/evaluate/answer-match.js";
import { Evaluate } from "../../src/evaluate/evaluate.js";
import type { Metric } from "../../src/evaluate/metric.js";
import { History } from "../../src/primitives/history.js";
import { Image } from "../../src/primitives/image.js";
import { Prediction } from "../../src/primitives/prediction.js";
import { ChainOfThought } from "../../src/predict/chain-of-thought.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import { Signature } from "../../src/signatures/signature.js";
import type { TypeNode } from "../../src/signatures/type-node.js";
import { type FewshotCase, runFewshot } from "./run-fewshot.js";
import { ScriptedLM, type ScriptSpec } from "./scripted-lm.js";

/** A case as CASES.md defines it (only the fields this runner reads). */
export interface OracleCase {
  kind: string;
  id: string;
  adapter?: "chat" | "json" | "xml";
  signature?: string;
  instructions?: string | null;
  demos?: Demo[];
  inputs?: Demo;
  completion?: string | null;
  module?: "Predict" | "ChainOfThought";
  config?: Record<string, unknown>;
  lm?: ScriptSpec;
  devset?: Demo[];
  input_keys?: string[];
  metric?: string;
}

/** The JSON form of an error in a result. */
export interface OracleError {
  type: string;
  message: string;
}

const ADAPTERS = { chat: ChatAdapter, json: JSONAdapter, xml: XMLAdapter };

/**
 * Runs a case and returns its result object; never throws.
 *
 * @example
 * await runCase({ kind: "adapter", id: "c1", adapter: "chat", signature: "q -> a", inputs: { q: "hi" } });
 */
export async function runCase(input: unknown): Promise<Record<string, unknown>> {
  const testCase = input as OracleCase;
  const result: Record<string, unknown> = { id: testCase?.id ?? null };
  try {
    if (testCase.kind === "predict") return await runPredict(testCase, result);
    if (testCase.kind === "evaluate") return await runEvaluate(testCase, result);
    if (testCase.kind === "fewshot") {
      Object.assign(result, { demos: null, score: null });
      try {
        Object.assign(result, await runFewshot(testCase as unknown as FewshotCase, convertFields), { error: null });
      } catch (error) {
        result.error = errorOf(error);
      }
      return result;
    }
    if (testCase.kind !== "adapter") {
      result.error = { type: "CaseError", message: `kind ${JSON.stringify(testCase.kind)} is not implemented in run-ts yet` };
      return result;
    }
    result.messages = null;
    result.parsed = null;
    const Adapter = ADAPTERS[testCase.adapter ?? "chat"];
    if (!Adapter) throw new CaseError(`unknown adapter ${testCase.adapter}`);
    const adapter = new Adapter();
    const signature = new Signature(testCase.signature ?? "", testCase.instructions ?? undefined);
    const demos = (testCase.demos ?? []).map((demo) => convertFields(signature, demo));
    const inputs = convertFields(signature, testCase.inputs ?? {});
    result.messages = adapter.format(signature, demos, inputs);
    if (testCase.completion !== undefined && testCase.completion !== null) {
      result.parsed = adapter.parse(signature, testCase.completion);
    }
    result.error = null;
  } catch (error) {
    result.error = errorOf(error);
  }
  return result;
}

class CaseError extends Error {}

async function runPredict(testCase: OracleCase, result: Record<string, unknown>): Promise<Record<string, unknown>> {
  result.requests = [];
  result.prediction = null;
  try {
    const signature = new Signature(testCase.signature ?? "", testCase.instructions ?? undefined);
    const Module = testCase.module === "ChainOfThought" ? ChainOfThought : Predict;
    const program = new Module(signature, testCase.config ?? {});
    const predictor = program instanceof ChainOfThought ? program.predict : program;
    predictor.demos = (testCase.demos ?? []).map((demo) => convertFields(signature, demo));
    const lm = new ScriptedLM(testCase.lm ?? {}, () => predictor.signature.outputFields.map((field) => field.name));
    result.requests = lm.requests;
    const inputs = convertFields(signature, testCase.inputs ?? {});
    const prediction = await context({ lm, adapter: new ChatAdapter() }, () => program.call(inputs));
    const completions = prediction.completions;
    result.prediction = completions.length > 1 ? completions : prediction.toDict();
    result.error = null;
  } catch (error) {
    result.error = errorOf(error);
  }
  return result;
}

// As run_py.py: DSPy's Evaluate with one thread and its default max_errors (10); the metric is
// answer_exact_match (on another field through a renamed copy) or always-true.
async function runEvaluate(testCase: OracleCase, result: Record<string, unknown>): Promise<Record<string, unknown>> {
  result.score = null;
  result.results = null;
  try {
    const signature = new Signature(testCase.signature ?? "", testCase.instructions ?? undefined);
    const Module = testCase.module === "ChainOfThought" ? ChainOfThought : Predict;
    const program = new Module(signature, testCase.config ?? {});
    const predictor = program instanceof ChainOfThought ? program.predict : program;
    predictor.demos = (testCase.demos ?? []).map((demo) => convertFields(signature, demo));
    const inputKeys = testCase.input_keys ?? signature.inputFields.map((field) => field.name);
    const devset = (testCase.devset ?? []).map((row) => new Example(convertFields(signature, row)).withInputs(...inputKeys));
    const metric = makeMetric(testCase.metric);
    const lm = new ScriptedLM(testCase.lm ?? {}, () => predictor.signature.outputFields.map((field) => field.name));
    const evaluate = new Evaluate({ devset, metric, numThreads: 1, onError: () => {} });
    const evaluation = await context({ lm, adapter: new ChatAdapter() }, () => evaluate.run(program));
    result.score = evaluation.score;
    result.results = evaluation.results.map(([, , score]) => ({ score: Number(score) }));
    result.error = null;
  } catch (error) {
    result.error = errorOf(error);
  }
  return result;
}

function makeMetric(spec: string | undefined): Metric {
  if (spec === "always") return () => true;
  if (spec?.startsWith("exact_match:")) {
    const field = spec.slice("exact_match:".length);
    if (field === "answer") return answerExactMatch;
    return (example, prediction) =>
      answerExactMatch(new Example({ answer: example.get(field) }), new Prediction({ answer: prediction.get(field) }));
  }
  throw new CaseError(`unknown metric ${JSON.stringify(spec)}`);
}

/** Maps an error to the Python exception name and message DSPy would report. */
export function errorOf(error: unknown): OracleError {
  if (error instanceof DSPyError) return { type: error.pythonType, message: error.message };
  if (error instanceof CaseError) return { type: "CaseError", message: error.message };
  return { type: "InternalError", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

// The same JSON → DSPy-object conversions as run_py.py: History and Image values from objects.
function convertFields(signature: Signature, values: Demo): Demo {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const field = signature.field(key);
      return [key, field ? convert(field.type, value) : value];
    }),
  );
}

function convert(type: TypeNode, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (type.kind === "special" && isObject(value)) {
    if (type.name === "History") return new History((value.messages as Demo[]) ?? []);
    if (type.name === "Image") return new Image(String(value.url));
  }
  if (type.kind === "list" && type.args.length === 1 && Array.isArray(value)) {
    return value.map((item) => convert(type.args[0] as TypeNode, item));
  }
  if (type.kind === "union") {
    for (const member of type.members) {
      if (member.kind === "none") continue;
      const converted = convert(member, value);
      if (converted !== value) return converted;
    }
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
