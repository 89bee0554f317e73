import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AbortError } from "../errors/abort-error.js";
import {
  CodeExecutionError,
  CodeInterpreterError,
  CodeMemoryLimitError,
  CodeSandboxViolationError,
  CodeTimeoutError,
} from "../errors/code-interpreter-errors.js";
import { FinalOutput } from "./code-interpreter.js";
import { PythonInterpreter } from "./python-interpreter.js";
import { Tool } from "./tool.js";

// Pyodide-specific behaviour; the shared contract and escape suite is code-interpreter.case.test.ts.
// A run after a killed worker starts Pyodide again (seconds on a loaded machine).
describe("PythonInterpreter", { timeout: 60_000 }, () => {
  const calls: unknown[] = [];
  const python = new PythonInterpreter({
    timeoutMs: 2000,
    // Short enough for the kill test below; the interrupt test uses its own, generous one.
    interruptGraceMs: 5000,
    maxOutputChars: 100,
    tools: {
      slow: {
        handler: async ({ ms }) => {
          await new Promise((resolve) => setTimeout(resolve, Number(ms)));
          return "done";
        },
        parameters: [{ name: "ms", type: "int" }],
      },
      echo: (kwargs, context) => {
        calls.push({ kwargs, args: context.args });
        return { kwargs, args: context.args };
      },
      nothing: () => undefined,
      search: new Tool(({ query, limit }: { query: string; limit: number }) => `${query}:${limit}`, {
        name: "search",
        args: z.object({ query: z.string(), limit: z.number().int().default(3) }),
      }),
    },
  });

  beforeAll(() => python.start(), 120_000);
  afterAll(() => python.shutdown());

  it("describes its runtime with DSPy 3.4.1's execution_instructions, word for word", () => {
    expect(python.executionInstructions).toBe(
      "Python runs in Pyodide/WebAssembly. State persists across executions, but subprocesses and native extensions " +
        "are unavailable. Python standard libraries such as re, json, collections, and math are available. Host " +
        "filesystem, environment, and network access require explicit permission.",
    );
  });

  it("gives Tool instances typed parameters with their defaults and validation", async () => {
    expect(await python.execute("search('cats')")).toBe("cats:3");
    expect(await python.execute("search(query='dogs', limit=5)")).toBe("dogs:5");
    const error = await python.execute("search(query=1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect((error as Error).message).toContain("ToolError");
  });

  it("passes positional and keyword arguments to untyped tools, and None comes back as ''", async () => {
    expect(await python.execute("echo(1, 'two', three=3.5)")).toEqual({ kwargs: { three: 3.5 }, args: [1, "two"] });
    expect(await python.execute("nothing()")).toBe("");
  });

  it("does not count time spent in host tools against the limit", async () => {
    expect(await python.execute("slow(2500)", { timeoutMs: 1000 })).toBe("done");
  }, 30_000);

  it("supports a typed SUBMIT for several output fields", async () => {
    python.outputFields = [
      { name: "answer", type: "str" },
      { name: "confidence", type: "float" },
    ];
    try {
      const result = await python.execute("SUBMIT('yes', confidence=0.5)");
      expect(result).toEqual(new FinalOutput({ answer: "yes", confidence: 0.5 }));
    } finally {
      python.outputFields = undefined;
    }
    expect(await python.execute("SUBMIT(7)")).toEqual(new FinalOutput({ output: 7 }));
  });

  it("keeps the head and tail of long output", async () => {
    const output = String(await python.execute("for i in range(1000):\n    print(i)"));
    expect(output.startsWith("0\n1\n2\n")).toBe(true);
    expect(output.endsWith("998\n999\n")).toBe(true);
    expect(output).toMatch(/\.\.\. \([\d,]+ characters omitted\) \.\.\./);
  });

  it("round-trips non-finite floats, tuples and sets", async () => {
    expect(await python.execute("[float('inf'), float('-inf'), (1, 2), {3}]")).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      [1, 2],
      [3],
    ]);
    expect(await python.execute("v != v", { variables: { v: Number.NaN } })).toBe(true);
  });

  it("interrupts a Python loop without losing the session", async () => {
    // A grace no loaded machine can exceed: the test checks that the interrupt path ran, not how fast.
    const patient = new PythonInterpreter({ interruptGraceMs: 60_000 });
    try {
      await patient.execute("kept = 'still here'");
      const error = await patient.execute("while True:\n    pass", { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodeTimeoutError);
      expect((error as CodeTimeoutError).sessionLost).toBe(false);
      expect(await patient.execute("kept")).toBe("still here");
    } finally {
      await patient.shutdown();
    }
  }, 120_000);

  it("queues concurrent runs in order and supports top-level await", async () => {
    const runs = [
      python.execute("import asyncio\norder = []\nawait asyncio.sleep(0.05)\norder.append(1)"),
      python.execute("order.append(2)"),
      python.execute("order"),
    ];
    expect(await Promise.all(runs)).toEqual(["", "", [1, 2]]);
  });

  it("reports a MemoryError as CodeMemoryLimitError", async () => {
    await expect(python.execute("'a' * 2**30")).rejects.toBeInstanceOf(CodeMemoryLimitError);
  });

  it("reports os.system as a CodeSandboxViolationError", async () => {
    await expect(python.execute("import os\nos.system('id')")).rejects.toBeInstanceOf(CodeSandboxViolationError);
    await expect(
      python.execute("import js\nawait js.eval(\"import('node:fs').then(m => m.readFileSync('/etc/passwd'))\")"),
    ).rejects.toBeInstanceOf(CodeSandboxViolationError);
  });

  it("kills a loop the interrupt cannot reach, and says the session was lost", async () => {
    await python.execute("kept = 1");
    const error = await python
      .execute("import js\njs.eval('for (;;) {}')", { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeTimeoutError);
    expect((error as CodeTimeoutError).sessionLost).toBe(true);
    expect(await python.execute("'kept' in globals()")).toBe(false);
  }, 120_000);

  it("fails a run in flight with a CodeInterpreterError (not an execution error) when the interpreter shuts down", async () => {
    const own = new PythonInterpreter();
    await own.start();
    const run = own.execute("while True:\n    pass").catch((e: unknown) => e);
    await own.shutdown();
    const error = await run;
    expect(error).toBeInstanceOf(CodeInterpreterError);
    expect(error).not.toBeInstanceOf(CodeExecutionError);
  }, 120_000);

  it("aborts a run with an AbortError and starts a fresh session afterwards", async () => {
    const controller = new AbortController();
    const run = python.execute("while True:\n    pass", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 100);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).sessionLost).toBe(true);
    expect(await python.execute("2 + 2")).toBe(4);
  }, 120_000);
});
