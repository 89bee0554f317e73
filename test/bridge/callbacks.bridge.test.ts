import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BridgeError } from "../../src/bridge/bridge-error.js";
import type { HostLMRequest } from "../../src/bridge/host-functions.js";
import type { PyRef } from "../../src/bridge/py-ref.js";
import type { Session } from "../../src/bridge/session.js";
import { WorkerPool } from "../../src/bridge/worker-pool.js";

let pool: WorkerPool;
let session: Session;

beforeAll(async () => {
  pool = await WorkerPool.start({ name: "callbacks", size: 1, callTimeoutMs: 30_000 });
});

afterAll(async () => {
  await pool?.close();
});

const text = (request: HostLMRequest) => request.messages.map((message) => String(message.content)).join("\n");
const answer = (fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([name, value]) => `[[ ## ${name} ## ]]\n${value}`)
    .join("\n\n")}\n\n[[ ## completed ## ]]`;

async function devset(rows: { question: string; answer: string }[]): Promise<PyRef[]> {
  return Promise.all(
    rows.map(async (row) => {
      const example = (await session.call("dspy", "Example", [], row)) as PyRef;
      return (await session.method(example, "with_inputs", ["question"])) as PyRef;
    }),
  );
}

describe("host functions: TypeScript called from Python DSPy", () => {
  beforeAll(() => {
    session = pool.session();
  });

  it("a TypeScript LM drives a Python dspy.Predict (a BaseLM subclass forwarding to the host)", async () => {
    const requests: HostLMRequest[] = [];
    const lm = await session.hostLM("scripted", (request) => {
      requests.push(request);
      return answer({ answer: text(request).includes("2+2") ? "4" : "unknown" });
    });
    expect(lm.type).toMatch(/HostLM$/);
    await session.call("__bridge__", "configure", [], { lm });
    const predict = (await session.call("dspy", "Predict", ["question -> answer"])) as PyRef;
    const prediction = await session.call("__bridge__", "call_to_dict", [predict, { question: "2+2?" }]);
    expect(prediction).toEqual({ answer: "4" });
    expect(requests).toHaveLength(1);
    // The host sees the messages Python's ChatAdapter built.
    expect(requests[0]?.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(text(requests[0] as HostLMRequest)).toContain("[[ ## question ## ]]\n2+2?");
    const history = (await session.call("builtins", "len", [await session.attr(lm, "history")])) as number;
    expect(history).toBe(1);
  });

  it("a TypeScript metric scores a Python dspy.Evaluate run (with threads)", async () => {
    const lm = await session.hostLM("math", (request) => answer({ answer: text(request).includes("2+2") ? "4" : "5" }));
    await session.call("__bridge__", "configure", [], { lm });
    const seen: { example: Record<string, unknown>; prediction: Record<string, unknown> }[] = [];
    const metric = await session.hostFunction("exact", (example, prediction) => {
      seen.push({ example, prediction });
      return example.answer === prediction.answer;
    });
    const rows = [
      { question: "2+2?", answer: "4" },
      { question: "2+3?", answer: "5" },
      { question: "3+3?", answer: "6" },
      { question: "1+1?", answer: "2" },
    ];
    const evaluate = (await session.call("dspy", "Evaluate", [], {
      devset: await devset(rows),
      metric,
      num_threads: 2,
      display_progress: false,
    })) as PyRef;
    const program = (await session.call("dspy", "Predict", ["question -> answer"])) as PyRef;
    const result = (await session.method(evaluate, "__call__", [program])) as PyRef;
    expect(await session.attr(result, "score")).toBe(50);
    // The metric got dspy.Example / dspy.Prediction as plain objects of their fields.
    expect(seen).toHaveLength(4);
    expect(seen.map((call) => call.example.question).sort()).toEqual(rows.map((row) => row.question).sort());
    expect(seen.find((call) => call.example.question === "3+3?")?.prediction).toEqual({ answer: "5" });
  });

  it("a TypeScript tool is used by a Python dspy.ReAct", async () => {
    const toolCalls: Record<string, unknown>[] = [];
    const lookup = await session.hostTool({
      name: "lookup",
      description: "Looks up a fact by key.",
      args: { key: { type: "string" } },
      fn: (args) => {
        toolCalls.push(args);
        return args.key === "capital" ? "The capital of France is Paris." : "unknown";
      },
    });
    const prompts: string[] = [];
    const lm = await session.hostLM("react", (request) => {
      const prompt = text(request);
      prompts.push(prompt);
      if (prompt.includes("next_tool_name")) {
        return prompt.includes("observation_0")
          ? answer({ next_thought: "Done.", next_tool_name: "finish", next_tool_args: "{}" })
          : answer({ next_thought: "Look it up.", next_tool_name: "lookup", next_tool_args: '{"key": "capital"}' });
      }
      return answer({ reasoning: "The tool said so.", answer: "Paris" });
    });
    const react = (await session.call("dspy", "ReAct", ["question -> answer"], {
      tools: [lookup],
      max_iters: 3,
    })) as PyRef;
    await session.call("__bridge__", "configure", [], { lm });
    const result = await session.call("__bridge__", "call_to_dict", [
      react,
      { question: "What is the capital of France?" },
    ]);
    const output = (result as { answer: string }).answer;
    expect(output).toBe("Paris");
    expect(toolCalls).toEqual([{ key: "capital" }]);
    // ReAct put the tool's return value into the next prompt as observation_0.
    expect(prompts.some((prompt) => prompt.includes("The capital of France is Paris."))).toBe(true);
    expect(prompts[0]).toContain("lookup");
    expect(prompts[0]).toContain("Looks up a fact by key.");
  });

  it("a failing host function raises HostCallbackError in Python with the TypeScript message", async () => {
    const boom = await session.hostFunction("boom", () => {
      throw new RangeError("no such row");
    });
    const error = await session.method(boom, "__call__", [1]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: "python_error", pythonType: "host_callbacks.HostCallbackError" });
    expect((error as BridgeError).message).toMatch(/RangeError: no such row/);
  });

  it("host functions pass bytes and refs, and keyword arguments as a last object", async () => {
    const echo = await session.hostFunction("echo", (...args: unknown[]) => args);
    const object = (await session.call("builtins", "object")) as PyRef;
    const result = (await session.method(echo, "__call__", [new Uint8Array([7, 8]), object], { k: 1 })) as unknown[];
    expect([...(result[0] as Uint8Array)]).toEqual([7, 8]);
    expect((result[1] as PyRef).type).toBe("builtins.object");
    expect(result[2]).toEqual({ k: 1 });
  });

  it("a host function whose host is not connected, or not registered, fails in Python instead of hanging", async () => {
    const orphan = await session.call("__bridge__", "host_function", [], { host: "nobody", name: "late" });
    const error = await session.method(orphan as PyRef, "__call__").catch((caught: unknown) => caught);
    expect((error as BridgeError).message).toMatch(/host nobody has no callback stream/);
    const unknown = await session.call("__bridge__", "host_function", [], { host: pool.hostId, name: "nope" });
    const missing = await session.method(unknown as PyRef, "__call__").catch((caught: unknown) => caught);
    expect((missing as BridgeError).message).toMatch(/no host function 'nope' in session/);
  });

  it("a host function that never answers frees its Python thread after answerTimeoutMs", async () => {
    const stuck = await session.hostFunction("stuck", () => new Promise(() => {}), { answerTimeoutMs: 200 });
    const error = await session.method(stuck, "__call__").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "python_error", pythonType: "host_callbacks.HostCallbackError" });
    expect((error as BridgeError).message).toMatch(/'stuck' did not answer within 0.2 s/);
  });

  it("a worker killed while Python waits on a host function fails the call naming the session", async () => {
    const own = await WorkerPool.start({ name: "cb-kill", size: 1 });
    try {
      const victim = own.session();
      let entered!: () => void;
      const inCallback = new Promise<void>((resolve) => (entered = resolve));
      const slow = await victim.hostFunction("slow", () => {
        entered();
        return new Promise(() => {}); // never answers
      });
      const pending = victim.method(slow, "__call__").catch((caught: unknown) => caught);
      await inCallback;
      process.kill(victim.slot.pid as number, "SIGKILL");
      expect(await pending).toMatchObject({ code: "worker_lost", session: victim.id });
      await expect(victim.call("os", "getpid")).rejects.toMatchObject({ code: "session_lost" });
    } finally {
      await own.close();
    }
  });
});
