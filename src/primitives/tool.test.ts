import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ToolError } from "../errors/tool-error.js";
import { Tool } from "./tool.js";
import { resolveJsonSchemaReferences } from "./tool-args.js";

function thrown(fn: () => unknown): ToolError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ToolError) return error;
    throw error;
  }
  throw new Error("expected a ToolError");
}

describe("Tool definition", () => {
  it("takes its name from the function and refuses an anonymous one", () => {
    function multiply({ a, b }: { a: number; b: number }) {
      return a * b;
    }
    expect(new Tool(multiply, { args: { a: { type: "number" }, b: { type: "number" } } }).name).toBe("multiply");
    expect(thrown(() => new Tool((() => 1) as never as () => number)).code).toBe("tool_definition");
  });

  it("renders DSPy's str(tool): newlines in the description become two spaces, no description gives '.'", () => {
    const described = new Tool(() => 1, { name: "t", description: "Line one.\nLine two.", args: {} });
    expect(String(described)).toBe("t, whose description is <desc>Line one.  Line two.</desc>. It takes arguments {}.");
    expect(described.format()).toBe(String(described));
    expect(String(new Tool(() => 1, { name: "bare", description: "" }))).toBe("bare. It takes arguments {}.");
  });

  it("shows a JSON object schema's properties as written, $refs inlined, and checks its `required`", () => {
    const tool = new Tool(() => 1, {
      name: "place",
      args: {
        type: "object",
        $defs: { Point: { type: "object", properties: { x: { type: "number" } } } },
        properties: { at: { $ref: "#/$defs/Point" }, label: { type: "string" } },
        required: ["at"],
      },
    });
    expect(tool.args).toEqual({
      at: { type: "object", properties: { x: { type: "number" } } },
      label: { type: "string" },
    });
    expect(tool.required).toEqual(["at"]);
    // DSPy's function-call format lists every argument without a default, whatever `required` said.
    expect(tool.formatAsLitellmFunctionCall().function.parameters.required).toEqual(["at", "label"]);
    expect(tool.argTypes.at?.kind).toBe("model");
  });

  it("shows a zod schema as pydantic would show the Python hints (constraints dropped, descriptions kept)", () => {
    const tool = new Tool(() => 1, {
      name: "search",
      args: z.object({
        query: z.string().min(1).describe("What to look for"),
        limit: z.number().int().max(50).default(5),
        tags: z.array(z.string()).optional(),
      }),
    });
    expect(tool.args).toEqual({
      query: { type: "string", description: "What to look for" },
      limit: { type: "integer", default: 5 },
      tags: { items: { type: "string" }, type: "array" },
    });
    // An optional zod field without a default is not required (Python has no such argument).
    expect(tool.required).toEqual(["query"]);
  });

  it("resolveJsonSchemaReferences leaves schemas without $defs alone", () => {
    const schema = { type: "string" };
    expect(resolveJsonSchemaReferences(schema)).toBe(schema);
    expect(() => resolveJsonSchemaReferences({ $defs: {}, items: { $ref: "#/$defs/Nope" } })).toThrow(ToolError);
  });
});

describe("Tool calls", () => {
  const add = new Tool(({ a, b }: { a: number; b: number }) => a + b, {
    name: "add",
    args: z.object({ a: z.number().int(), b: z.number().int().default(2) }),
  });

  it("fills defaults before calling and hands the function a fresh copy of each", () => {
    expect(add.call({ a: 1 })).toBe(3);
    const seen: string[][] = [];
    const collect = new Tool(
      ({ items }: { items: string[] }) => {
        items.push("x");
        seen.push(items);
        return items.length;
      },
      { name: "collect", args: { items: { type: "array", items: { type: "string" }, default: [] } } },
    );
    expect(collect.call({})).toBe(1);
    expect(collect.call({})).toBe(1);
    expect(collect.args.items?.default).toEqual([]);
  });

  it("reports every missing required argument with Python's wording", () => {
    const three = new Tool(() => 0, { name: "three", args: { a: { type: "integer" }, b: { type: "integer" }, c: {} } });
    const error = thrown(() => three.call({}));
    expect(error.message).toBe("three() missing 3 required positional arguments: 'a', 'b', and 'c'");
    expect(error.pythonType).toBe("TypeError");
    expect(thrown(() => three.call({ c: 1 })).message).toBe(
      "three() missing 2 required positional arguments: 'a' and 'b'",
    );
  });

  it("passes undeclared arguments through only when the schema allows extra properties", () => {
    const loose = new Tool((args: Record<string, unknown>) => args, {
      name: "loose",
      args: z.object({ a: z.number() }).loose(),
    });
    expect(loose.hasKwargs).toBe(true);
    expect(loose.call({ a: 1, extra: "kept" })).toEqual({ a: 1, extra: "kept" });
    expect(thrown(() => add.call({ a: 1, extra: 1 })).code).toBe("tool_unknown_arg");
  });

  it("runs the Standard Schema's own checks after DSPy's", () => {
    const positive = new Tool(({ n }: { n: number }) => n, {
      name: "positive",
      args: z.object({ n: z.number().int().min(1) }),
    });
    expect(positive.args).toEqual({ n: { type: "integer" } });
    const error = thrown(() => positive.call({ n: 0 }));
    expect(error.code).toBe("tool_invalid_arg");
    expect(error.message).toMatch(/^Arg n is invalid: /);
  });

  it("refuses arguments that are not an object", () => {
    expect(thrown(() => add.call([1] as never)).code).toBe("tool_invalid_arg");
  });

  it("refuses to call an async tool synchronously without running it", async () => {
    let runs = 0;
    const slow = new Tool(
      async () => {
        runs++;
        return "done";
      },
      { name: "slow", args: {} },
    );
    expect(thrown(() => slow.call({})).code).toBe("tool_async_in_sync");
    expect(runs).toBe(0);
    await expect(slow.acall({})).resolves.toBe("done");
    expect(runs).toBe(1);
  });

  it("acall accepts sync tools, forwards the signal, and stops when already aborted", async () => {
    let received: AbortSignal | undefined;
    const probe = new Tool(
      (_args: unknown, context) => {
        received = context.signal;
        return "ok";
      },
      { name: "probe", args: {} },
    );
    const controller = new AbortController();
    await expect(probe.acall({}, { signal: controller.signal })).resolves.toBe("ok");
    expect(received).toBe(controller.signal);
    controller.abort(new Error("stop"));
    await expect(probe.acall({}, { signal: controller.signal })).rejects.toThrow("stop");
  });

  it("formats the OpenAI function entry with a null description when there is none", () => {
    expect(add.formatAsLitellmFunctionCall()).toEqual({
      type: "function",
      function: {
        name: "add",
        description: null,
        parameters: {
          type: "object",
          properties: { a: { type: "integer" }, b: { type: "integer", default: 2 } },
          required: ["a"],
        },
      },
    });
  });
});
