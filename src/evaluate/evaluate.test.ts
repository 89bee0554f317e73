import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { Predict } from "../predict/predict.js";
import { context } from "../predict/settings.js";
import { Example } from "../primitives/example.js";
import { Prediction } from "../primitives/prediction.js";
import { DummyLM } from "../test/dummy-lm.js";
import { answerExactMatch } from "./answer-match.js";
import { Evaluate } from "./evaluate.js";
import type { EvaluationProgress, EvaluationRow } from "./evaluation-result.js";
import { MaxErrorsError } from "./max-errors-error.js";
import type { RunEventInput } from "./run-context.js";
import { detachedRunContext } from "./run-context.js";

const qa = (question: string, answer: unknown) => new Example({ question, answer }).withInputs("question");
const devset = [qa("q0", "a0"), qa("q1", "a1"), qa("q2", "a2")];
const silent = () => {};

/** A program whose calls wait until the test releases them, so ordering is controlled without timers. */
function gatedProgram() {
  const calls: {
    question: string;
    signal: AbortSignal | undefined;
    release: (answer: string) => void;
    fail: (error: unknown) => void;
  }[] = [];
  const program = {
    call: (inputs: Record<string, unknown>, options?: { signal?: AbortSignal }) =>
      new Promise<Prediction>((resolve, reject) => {
        calls.push({
          question: String(inputs.question),
          signal: options?.signal,
          release: (answer) => resolve(new Prediction({ answer })),
          fail: reject,
        });
      }),
  };
  return { program, calls };
}

const tick = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe("Evaluate scores like DSPy", () => {
  it("reports a percentage rounded as Python's round(x, 2), results in devset order", async () => {
    const lm = new DummyLM({ q0: { answer: "a0" }, q1: { answer: "wrong" }, q2: { answer: "A2!" } });
    const evaluate = new Evaluate({ devset, metric: answerExactMatch, numThreads: 2 });
    const result = await context({ lm }, () => evaluate.run(new Predict("question -> answer")));
    expect(result.score).toBe(66.67);
    expect(Number(result)).toBe(66.67);
    expect(
      result.results.map(([example, prediction, score]) => [example.get("question"), prediction.get("answer"), score]),
    ).toEqual([
      ["q0", "a0", true],
      ["q1", "wrong", false],
      ["q2", "A2!", true],
    ]);
    expect(String(result)).toBe("EvaluationResult(score=66.67, results=<list of 3 results>)");
  });

  it("keeps devset order when examples finish out of order", async () => {
    const { program, calls } = gatedProgram();
    const rows: number[] = [];
    const running = new Evaluate({ devset, metric: answerExactMatch, numThreads: 3 }).run(program, {
      onResult: (row) => rows.push(row.index),
    });
    await tick();
    expect(calls.map((call) => call.question)).toEqual(["q0", "q1", "q2"]);
    calls[2]?.release("a2");
    calls[0]?.release("a0");
    calls[1]?.release("no");
    const result = await running;
    expect(rows).toEqual([2, 0, 1]);
    expect(result.results.map(([example]) => example.get("question"))).toEqual(["q0", "q1", "q2"]);
    expect(result.score).toBe(66.67);
  });

  it("never has more than numThreads examples in flight", async () => {
    const { program, calls } = gatedProgram();
    const many = Array.from({ length: 7 }, (_, i) => qa(`q${i}`, "x"));
    const running = new Evaluate({ devset: many, metric: () => 1, numThreads: 2 }).run(program);
    await tick();
    expect(calls).toHaveLength(2);
    calls[0]?.release("x");
    await tick();
    expect(calls).toHaveLength(3);
    for (let i = 1; i < 7; i++) {
      calls[i]?.release("x");
      await tick();
    }
    expect((await running).score).toBe(100);
  });

  it("scores failures with failureScore and an empty prediction, and reports them", async () => {
    const errors: [string, number][] = [];
    const program = (inputs: Record<string, unknown>) => {
      if (inputs.question === "q1") throw new Error("boom");
      return new Prediction({ answer: String(inputs.question).replace("q", "a") });
    };
    const evaluate = new Evaluate({
      devset,
      metric: answerExactMatch,
      numThreads: 1,
      failureScore: 0.5,
      onError: (error, _example, index) => errors.push([(error as Error).message, index]),
    });
    const result = await evaluate.run(program);
    expect(result.score).toBe(83.33);
    expect(result.results[1]?.[1].toDict()).toEqual({});
    expect(result.results[1]?.[2]).toBe(0.5);
    expect(errors).toEqual([["boom", 1]]);
  });

  it("counts metric errors and examples without inputs as failures too", async () => {
    const rows: EvaluationRow[] = [];
    const set = [qa("q0", 3), new Example({ question: "q1", answer: "a1" }), qa("q2", "a2")];
    const program = (inputs: Record<string, unknown>) =>
      new Prediction({ answer: String(inputs.question).replace("q", "a") });
    const result = await new Evaluate({ devset: set, metric: answerExactMatch, onError: silent }).run(program, {
      onResult: (row) => rows.push(row),
    });
    expect(result.score).toBe(33.33);
    const failed = rows.filter((row) => row.error !== undefined).sort((a, b) => a.index - b.index);
    expect(failed.map((row) => String((row.error as Error).message))).toEqual([
      "Invalid answer type: <class 'int'>",
      "Inputs have not been set for this example. Use `example.with_inputs()` to set them.",
    ]);
  });

  it("stops after maxErrors failures with DSPy's message, even on the last example", async () => {
    let calls = 0;
    const failing = () => {
      calls += 1;
      throw new Error(`fail ${calls}`);
    };
    const big = Array.from({ length: 5 }, (_, i) => qa(`q${i}`, "x"));
    const error = await new Evaluate({ devset: big, metric: () => 1, numThreads: 1, maxErrors: 2, onError: silent })
      .run(failing)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxErrorsError);
    expect((error as MaxErrorsError).message).toBe("Execution cancelled due to errors or interruption.");
    expect((error as MaxErrorsError).pythonType).toBe("Exception");
    expect((error as MaxErrorsError).failures.map((failure) => failure.index)).toEqual([0, 1]);
    expect(((error as MaxErrorsError).cause as Error).message).toBe("fail 2");
    expect(calls).toBe(2);

    const exact = await new Evaluate({ devset: big.slice(0, 2), metric: () => 1, maxErrors: 2, onError: silent })
      .run(failing)
      .catch((e: unknown) => e);
    expect(exact).toBeInstanceOf(MaxErrorsError);
  });

  it("stops on abort: no more calls, in-flight calls see the signal, partial results are kept", async () => {
    const { program, calls } = gatedProgram();
    const controller = new AbortController();
    const many = Array.from({ length: 6 }, (_, i) => qa(`q${i}`, "x"));
    const running = new Evaluate({ devset: many, metric: answerExactMatch, numThreads: 2 }).run(program, {
      signal: controller.signal,
    });
    await tick();
    calls[0]?.release("x");
    await tick();
    expect(calls).toHaveLength(3);
    controller.abort("user");
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toBeInstanceOf(DSPyError);
    const partial = (error as AbortError<{ done: number; results: unknown[] }>).partial;
    expect(partial?.done).toBe(1);
    expect(partial?.results[0]).toEqual([many[0], expect.any(Prediction), true]);
    expect(partial?.results[1]).toBeUndefined();
    expect(calls[1]?.signal?.aborted).toBe(true);
    calls[1]?.release("x");
    await tick();
    expect(calls).toHaveLength(3);
  });

  it("rejects at once for an already aborted signal", async () => {
    let called = false;
    const error = await new Evaluate({ devset, metric: () => 1 })
      .run(
        () => {
          called = true;
          return new Prediction({});
        },
        { signal: AbortSignal.abort() },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(called).toBe(false);
  });

  it("streams results and progress, and keeps none with keepResults: false", async () => {
    const progress: EvaluationProgress[] = [];
    const streamed: number[] = [];
    const program = (inputs: Record<string, unknown>) =>
      new Prediction({ answer: inputs.question === "q1" ? "a1" : "no" });
    const result = await new Evaluate({ devset, metric: answerExactMatch, numThreads: 1, keepResults: false }).run(
      program,
      {
        onResult: (row) => streamed.push(row.index),
        onProgress: (update) => progress.push(update),
      },
    );
    expect(result.results).toEqual([]);
    expect(result.score).toBe(33.33);
    expect(streamed).toEqual([0, 1, 2]);
    expect(progress.map((p) => [p.done, p.total, p.sum, p.score])).toEqual([
      [1, 3, 0, 0],
      [2, 3, 1, 50],
      [3, 3, 1, 33.3],
    ]);
  });

  it("reports to a RunContext: example-end and progress-update events, partial reader", async () => {
    const events: RunEventInput[] = [];
    const runContext = detachedRunContext({ onEvent: (event) => events.push(event) });
    let partialReader: (() => unknown) | undefined;
    runContext.setPartial = (read) => {
      partialReader = read;
    };
    const program = () => new Prediction({ answer: "a0" });
    await new Evaluate({ devset: devset.slice(0, 1), metric: answerExactMatch }).run(program, { runContext });
    expect(events).toEqual([
      { type: "example-end", index: 0, score: 1 },
      { type: "progress-update", done: 1, total: 1, score: 100 },
    ]);
    expect(partialReader?.()).toMatchObject({ done: 1, total: 1 });
  });

  it("accepts metric values that are predictions with a score, and metric modules", async () => {
    const judge = {
      call: (_e: Example, p: Prediction) => new Prediction({ score: p.get("answer") === "a0" ? 0.25 : 1 }),
    };
    const program = (inputs: Record<string, unknown>) =>
      new Prediction({ answer: String(inputs.question).replace("q", "a") });
    expect((await new Evaluate({ devset, metric: judge }).run(program)).score).toBe(75);
  });

  it("fails the run when a metric returns something that cannot be summed", async () => {
    const error = await new Evaluate({ devset, metric: () => "yes" as unknown as number })
      .run(() => new Prediction({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DSPyError);
    expect((error as DSPyError).message).toBe("unsupported operand type(s) for +: 'int' and 'str'");
  });

  it("rejects what DSPy rejects: an empty devset, return_outputs, a bad thread count", async () => {
    await expect(new Evaluate({ devset: [], metric: () => 1 }).run(() => new Prediction({}))).rejects.toThrow(
      "devset must contain at least one example, got an empty devset.",
    );
    expect(() => new Evaluate({ devset, returnOutputs: true as never })).toThrow(
      "`return_outputs` is no longer supported.",
    );
    await expect(
      new Evaluate({ devset, metric: () => 1, numThreads: 0 }).run(() => new Prediction({})),
    ).rejects.toThrow("numThreads must be a positive integer");
  });
});
