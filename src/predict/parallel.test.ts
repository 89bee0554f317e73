import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { Example } from "../primitives/example.js";
import { DummyLM } from "../test/dummy-lm.js";
import { Parallel } from "./parallel.js";
import { configure, context, settings } from "./settings.js";

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A program that records its calls and fails on inputs with `fail: true`. */
function recorder() {
  const calls: unknown[][] = [];
  return {
    calls,
    async call(...args: unknown[]) {
      calls.push(args);
      const inputs = args[0] as Record<string, unknown>;
      if (inputs?.fail) throw new Error(`failed ${String(inputs.id)}`);
      return { echo: inputs };
    },
  };
}

const silent = { onError: () => {} };

describe("Parallel", () => {
  it("keeps input order and never runs more than numThreads calls at once", async () => {
    const gates = Array.from({ length: 5 }, () => deferred());
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const program = {
      async call(inputs: { index: number }) {
        active += 1;
        peak = Math.max(peak, active);
        started.push(inputs.index);
        await gates[inputs.index]?.promise;
        active -= 1;
        return inputs.index * 10;
      },
    };
    const run = new Parallel({ numThreads: 2 }).call(gates.map((_, index) => [program, { index }] as const));
    // Release in reverse order of submission; each release lets a queued item start.
    for (const index of [1, 0, 3, 2, 4]) {
      await new Promise((resolve) => setImmediate(resolve));
      gates[index]?.resolve();
    }
    expect(await run).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
    expect(started.slice(0, 2)).toEqual([0, 1]);
  });

  it("gives null for failed items and reports them, in input order, with returnFailedExamples", async () => {
    const program = recorder();
    const items = [{ id: 0 }, { id: 1, fail: true }, { id: 2 }, { id: 3, fail: true }];
    const reported: number[] = [];
    const parallel = new Parallel({ returnFailedExamples: true, onError: (_, index) => reported.push(index) });
    const { results, failedExamples, exceptions } = await parallel.call(items.map((item) => [program, item] as const));
    expect(results).toEqual([{ echo: items[0] }, null, { echo: items[2] }, null]);
    expect(failedExamples).toEqual([items[1], items[3]]);
    expect(exceptions.map((error) => (error as Error).message)).toEqual(["failed 1", "failed 3"]);
    expect(reported.sort()).toEqual([1, 3]);
  });

  it("stops once maxErrors items failed and throws DSPy's cancellation error", async () => {
    const program = recorder();
    const items = [{ id: 0, fail: true }, { id: 1 }, { id: 2, fail: true }, { id: 3 }, { id: 4 }];
    const run = new Parallel({ numThreads: 1, maxErrors: 2, ...silent }).call(
      items.map((item) => [program, item] as const),
    );
    await expect(run).rejects.toMatchObject({
      message: "Execution cancelled due to errors or interruption.",
      code: "execution_cancelled",
    });
    await expect(run).rejects.toBeInstanceOf(DSPyError);
    // Sequential: the run stops right after the second failure; later items never start.
    expect(program.calls.map(([inputs]) => (inputs as { id: number }).id)).toEqual([0, 1, 2]);
  });

  it("calls programs the way DSPy does for each kind of item", async () => {
    const program = recorder();
    const example = new Example({ question: "q", answer: "a" }).withInputs("question");
    const inner = new Parallel();
    const results = await new Parallel({ ...silent }).call<unknown>([
      [program, example],
      [program, ["positional", 2]],
      [inner, [[program, { nested: true }]]],
      [program, "not an item" as never],
    ]);
    expect(program.calls[0]?.[0]).toEqual({ question: "q" });
    expect(program.calls[1]).toEqual(["positional", 2]);
    expect(results[2]).toEqual([{ echo: { nested: true } }]);
    expect(results[3]).toBeNull();

    const raw = recorder();
    await new Parallel({ accessExamples: false }).call([[raw, example]]);
    expect(raw.calls[0]?.[0]).toBe(example);
  });

  it("runs every item with the caller's settings and keeps settings changed inside one item to it", async () => {
    const lm = new DummyLM([]);
    const other = new DummyLM([]);
    const seen: unknown[] = [];
    const program = {
      async call(inputs: { change: boolean }) {
        if (inputs.change) configure({ lm: other });
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(settings().lm);
        return null;
      },
    };
    await context({ lm }, async () => {
      await new Parallel({ numThreads: 1 }).call([
        [program, { change: true }],
        [program, { change: false }],
      ]);
      expect(settings().lm).toBe(lm);
    });
    expect(seen).toEqual([other, lm]);
  });

  it("rejects with AbortError and aborts running calls when the caller's signal fires", async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const program = {
      call: (_inputs: unknown, options?: { signal?: AbortSignal }) =>
        new Promise((_, reject) => {
          options?.signal?.addEventListener("abort", () => {
            sawAbort = true;
            reject(new Error("aborted"));
          });
          controller.abort("user");
        }),
    };
    const run = new Parallel().call([[program, {}]], { signal: controller.signal });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(sawAbort).toBe(true);
  });
});
