import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AbortError } from "../errors/abort-error.js";
import { CodeExecutionError, CodeSyntaxError, CodeTimeoutError } from "../errors/code-interpreter-errors.js";
import { FinalOutput } from "./code-interpreter.js";
import { JavaScriptInterpreter } from "./javascript-interpreter.js";
import { Tool } from "./tool.js";

// QuickJS-specific behaviour; the shared contract and escape suite is code-interpreter.case.test.ts.
describe("JavaScriptInterpreter", () => {
  const js = new JavaScriptInterpreter({
    timeoutMs: 1000,
    maxOutputChars: 100,
    tools: {
      search: new Tool(({ query, limit }: { query: string; limit: number }) => `${query}:${limit}`, {
        name: "search",
        args: z.object({ query: z.string(), limit: z.number().int().default(3) }),
      }),
      slow: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return [1, Number.POSITIVE_INFINITY];
      },
    },
  });
  afterAll(() => js.shutdown());

  it("maps positional arguments and a keyword object onto a Tool's parameters", async () => {
    expect(await js.execute("search('cats')")).toBe("cats:3");
    expect(await js.execute("search({ query: 'dogs', limit: 5 })")).toBe("dogs:5");
    await expect(js.execute("search()")).rejects.toThrow("missing required argument: 'query'");
  });

  it("does not count time spent in host tools against the limit, and keeps non-finite numbers", async () => {
    expect(await js.execute("slow()")).toEqual([1, Number.POSITIVE_INFINITY]);
  });

  it("supports a typed SUBMIT, positional or as one object", async () => {
    js.outputFields = [{ name: "answer" }, { name: "confidence" }];
    try {
      expect(await js.execute("SUBMIT('yes', 0.5)")).toEqual(new FinalOutput({ answer: "yes", confidence: 0.5 }));
      expect(await js.execute("SUBMIT({ answer: 'no', confidence: 1 })")).toEqual(
        new FinalOutput({ answer: "no", confidence: 1 }),
      );
    } finally {
      js.outputFields = undefined;
    }
  });

  it("keeps the head and tail of long output", async () => {
    const output = String(await js.execute("for (let i = 0; i < 1000; i++) console.log(i)"));
    expect(output.startsWith("0\n1\n")).toBe(true);
    expect(output.endsWith("998\n999\n")).toBe(true);
    expect(output).toContain("characters omitted");
  });

  it("tells a parse error from a SyntaxError thrown at run time", async () => {
    await expect(js.execute("let = ;")).rejects.toBeInstanceOf(CodeSyntaxError);
    const error = await js.execute("JSON.parse('{')").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect(error).not.toBeInstanceOf(CodeSyntaxError);
  });

  it("shuts down after the run in flight, which still completes", async () => {
    const own = new JavaScriptInterpreter({
      tools: { wait: async () => new Promise((resolve) => setTimeout(() => resolve("waited"), 100)) },
    });
    const run = own.execute("wait()");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await own.shutdown();
    expect(await run).toBe("waited");
    await expect(own.execute("1")).rejects.toThrow("session has ended");
  });

  it("aborts a run whose signal fires while a tool is running, and stays usable", async () => {
    const controller = new AbortController();
    const run = js.execute("slow(); for (;;) {}", { signal: controller.signal, timeoutMs: 60_000 });
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(await js.execute("1 + 1")).toBe(2);
    await expect(js.execute("1", { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it("keeps the host's event loop running while the guest spins", async () => {
    const other = new JavaScriptInterpreter();
    try {
      await other.start();
      const controller = new AbortController();
      const events: string[] = [];
      // Without the worker this run would hold the event loop until its 60 s limit.
      const spinning = js
        .execute("for (;;) {}", { signal: controller.signal, timeoutMs: 60_000 })
        .catch((error: unknown) => events.push(`spin ended: ${(error as Error).name}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push("host timer fired");
      events.push(`other interpreter: ${await other.execute("6 * 7")}`);
      controller.abort(new Error("stop"));
      await spinning;
      expect(events).toEqual(["host timer fired", "other interpreter: 42", "spin ended: AbortError"]);
    } finally {
      await other.shutdown();
    }
  });

  it("ends a CPU-bound run as soon as its signal fires; the next run starts a fresh session", async () => {
    await js.execute("var kept = 1");
    const controller = new AbortController();
    const run = js.execute("let n = 0; for (;;) { n++ }", { signal: controller.signal, timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error("stop"));
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).message).toContain("session was lost");
    expect((error as AbortError).sessionLost).toBe(true);
    expect(((error as AbortError).reason as Error).message).toBe("stop");
    expect(await js.execute("typeof kept")).toBe("undefined");
    expect(await js.execute("[1, 2, 3].map((x) => x * 2)")).toEqual([2, 4, 6]);
  });

  it("kills the worker when a native operation ignores the interrupt, and says the session was lost", async () => {
    const own = new JavaScriptInterpreter({ memoryLimitMb: 256, interruptGraceMs: 20 });
    try {
      await own.execute("var big = Array.from({ length: 2e6 }, (_, i) => i)");
      // The default sort runs in C with no interrupt check (~1 s for 2e6 numbers compared as strings).
      const error = await own.execute("big.sort()", { timeoutMs: 20 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodeTimeoutError);
      expect((error as CodeTimeoutError).sessionLost).toBe(true);
      expect(await own.execute("typeof big")).toBe("undefined");
    } finally {
      await own.shutdown();
    }
  });

  it("reports a value JSON cannot hold as the guest's TypeError, and keeps the session", async () => {
    await js.execute("var survivor = 7");
    await expect(js.execute("const a = {}; a.self = a; a")).rejects.toThrow(/^TypeError: /);
    expect(await js.execute("survivor")).toBe(7);
  });
});
