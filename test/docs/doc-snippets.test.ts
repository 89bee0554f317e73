import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../src/test/scripted-request.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";
import { allSnippets, extractSnippets, type Snippet } from "./doc-snippets.js";
import { runSnippet } from "./run-snippet.js";
import { typeCheckSnippets } from "./type-check-snippets.js";

const root = new URL("../..", import.meta.url).pathname;
const snippets = allSnippets(root);

/** The one snippet of `page` whose code contains `marker`. */
function snippet(page: string, marker: string): Snippet {
  const found = snippets.filter((entry) => entry.page === page && entry.code.includes(marker));
  if (found.length !== 1) throw new Error(`${found.length} snippets of ${page} contain ${JSON.stringify(marker)}`);
  return found[0] as Snippet;
}

/** A ChatAdapter answer with these output fields. */
function chat(fields: Record<string, string>): string {
  const parts = Object.entries(fields).map(([name, value]) => `[[ ## ${name} ## ]]\n${value}`);
  return `${[...parts, "[[ ## completed ## ]]"].join("\n\n")}`;
}

/** Whether the request's system message lists `field` as the first output field. */
function firstOutput(field: string): (request: RecordedRequest) => boolean {
  return (request) => {
    const messages = (request.body?.messages ?? []) as { role: string; content: unknown }[];
    const system = String(messages.find((message) => message.role === "system")?.content ?? "");
    return system.includes(`Your output fields are:\n1. \`${field}\``);
  };
}

describe("extractSnippets", () => {
  it("reads blocks, their lines and their directives", () => {
    const page = [
      "# Page",
      "```ts",
      "const a = 1;",
      "```",
      "<!-- snippet: declare const b: number; -->",
      "```ts",
      "b;",
      "```",
      "<!-- snippet: continue -->",
      "```ts",
      "a;",
      "```",
      "<!-- snippet: skip — needs a package -->",
      "```ts",
      "x;",
      "```",
      "```ts nocheck",
      "y;",
      "```",
      "```sh",
      "ls",
      "```",
    ].join("\n");
    const found = extractSnippets("page.md", page);
    expect(found.map(({ line, code, skip }) => ({ line, code, skip }))).toEqual([
      { line: 3, code: "const a = 1;", skip: undefined },
      { line: 7, code: "b;", skip: undefined },
      { line: 11, code: "a;", skip: undefined },
      { line: 15, code: "x;", skip: "skip — needs a package" },
      { line: 18, code: "y;", skip: "nocheck" },
    ]);
    expect(found[1]?.prelude).toBe("declare const b: number;");
    expect(found[2]?.prelude).toContain("declare const b: number;\nb;");
  });
});

describe("documentation snippets", () => {
  it("finds the pages' snippets, and skips few of them", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(30);
    for (const page of ["README.md", "docs/lm.md", "docs/modules.md", "docs/evaluate.md", "docs/testing.md"]) {
      expect(snippets.some((entry) => entry.page === page)).toBe(true);
    }
    const skipped = snippets.filter((entry) => entry.skip);
    expect(skipped.length).toBeLessThanOrEqual(3);
    for (const entry of skipped) expect(entry.skip, `${entry.page}:${entry.line} says why`).toMatch(/\s\S{3,}/);
  });

  it("type-check against the package's API", { timeout: 300_000 }, () => {
    const checked = snippets.filter((entry) => !entry.skip);
    // A wrong snippet among them proves the check can fail.
    const wrong: Snippet = {
      page: "wrong.md",
      line: 1,
      prelude: "",
      code: 'import { LM } from "dspy-typescript";\nnew LM("openai/gpt-4o-mini", { temperatur: 0 });',
    };
    const errors = typeCheckSnippets(root, [...checked, wrong]);
    const located = errors.map((error) => `${error.page}:${error.line}: ${error.message}`);
    expect(located.filter((line) => line.startsWith("wrong.md:2:"))).toHaveLength(1);
    expect(located.filter((line) => !line.startsWith("wrong.md"))).toEqual([]);
  });
});

describe("documentation snippets run", () => {
  let server: ScriptedServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await ScriptedServer.start({
      rules: [
        { match: "capital of France", reply: chat({ reasoning: "France's capital is Paris.", answer: "Paris" }) },
        { match: "Say hi", reply: "Hi!" },
        { match: "2 + 2", reply: chat({ reasoning: "Two plus two.", answer: "4" }) },
      ],
    });
    env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "test-key" };
  });
  afterAll(() => server.close());

  it("README quickstart", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("README.md", "evaluateJob"), env);
    expect(stdout).toBe("0 1\n100\n");
  });

  it("lm.md: a Predict call and a raw call", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/lm.md", "Say hi"), env);
    expect(stdout).toBe("Paris\nHi!\n2\n");
  });

  it("lm.md: trackUsage and inspectHistory", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/lm.md", "trackUsage(async"), env);
    const [first, ...printed] = stdout.split("\n");
    expect(first).toBe("true");
    const history = printed.join("\n");
    expect(history).toContain("What is 2 + 2?");
    expect(history).toContain("Response:");
    expect(history).toContain("[[ ## answer ## ]]");
  });

  it("lm.md: callbacks", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/lm.md", "const logger: BaseCallback"), env);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("module start { question: 'What is the capital of France?' }");
    const start = /^lm start (\S+)$/.exec(lines[1] ?? "");
    expect(start).not.toBeNull();
    expect(lines[2]).toBe(`lm end ${start?.[1]} ok`);
    expect(lines).toHaveLength(3);
  });

  it("evaluate.md: Evaluate with answerExactMatch", { timeout: 120_000 }, async () => {
    const { stdout, stderr } = await runSnippet(
      root,
      snippet("docs/evaluate.md", "const evaluate = new Evaluate("),
      env,
    );
    expect(stdout).toBe("100\n");
    expect(stderr).toContain("Average Metric: 2.00 / 2 (100.0%)");
  });

  it("modules.md: ChainOfThought", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/modules.md", "const cot = new ChainOfThought"), env);
    expect(stdout).toBe("France's capital is Paris.\nParis\n");
  });
});

describe("modules.md snippets run", () => {
  let server: ScriptedServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    const react = firstOutput("next_thought");
    server = await ScriptedServer.start({
      rules: [
        {
          match: (request) => react(request) && !request.lastUserMessage.includes("observation_0"),
          reply: chat({ next_thought: "I add them.", next_tool_name: "add", next_tool_args: '{"a": 2, "b": 3}' }),
        },
        { match: react, reply: chat({ next_thought: "Done.", next_tool_name: "finish", next_tool_args: "{}" }) },
        { match: firstOutput("search_query"), reply: chat({ search_query: "capital city of France" }) },
        { match: "2 + 3", reply: chat({ reasoning: "The add tool returned 5.", answer: "5" }) },
        {
          match: "Describe Paris",
          reply: chat({ answer: "Paris is the capital of France." }),
          streamChunks: (text) => text.match(/.{1,4}/gs) ?? [],
        },
        { match: "capital of France", reply: chat({ reasoning: "France's capital is Paris.", answer: "Paris" }) },
      ],
    });
    env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "test-key" };
  });
  afterAll(() => server.close());

  it("ReAct with a zod tool", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/modules.md", "new ReAct("), env);
    const [answer, ...rest] = stdout.split("\n");
    const trajectory = rest.join("\n");
    expect(answer).toBe("5");
    expect(trajectory).toContain("tool_name_0: 'add'");
    expect(trajectory).toContain("observation_0: 5");
    expect(trajectory).toContain("tool_name_1: 'finish'");
  });

  it("a custom module with callModule", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/modules.md", "class TwoStep"), env);
    expect(stdout).toBe("Paris\nrewrite, answer.predict\n");
    const rewrite = server.chatRequests.find(firstOutput("search_query"));
    expect(rewrite?.lastUserMessage).toContain("What is the capital of France?");
  });

  it("streaming one field", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/modules.md", "streamify("), env);
    expect(stdout).toBe("Paris is the capital of France.\nParis is the capital of France.\n");
    const streamed = server.streams.find((stream) => stream.request.lastUserMessage.includes("Describe Paris"));
    expect(streamed?.sent).toBe(streamed?.total);
  });
});

describe("testing.md snippets run", () => {
  it("DummyLM", { timeout: 120_000 }, async () => {
    expect((await runSnippet(root, snippet("docs/testing.md", "byContent"), {})).stdout).toBe("ok\n");
  });

  it("StreamingDummyLM", { timeout: 120_000 }, async () => {
    const { stdout } = await runSnippet(root, snippet("docs/testing.md", "new StreamingDummyLM"), {});
    expect(stdout).toBe("Paris is the capital of France.\nParis is the capital of France.\n");
  });

  it("ScriptedServer with a fault", { timeout: 120_000 }, async () => {
    expect((await runSnippet(root, snippet("docs/testing.md", "ScriptedServer.start"), {})).stdout).toBe("4\n");
  });
});

describe("optimizers.md few-shot snippet runs", () => {
  let server: ScriptedServer;

  beforeAll(async () => {
    server = await ScriptedServer.start({ rules: [{ reply: chat({ reasoning: "It is Paris.", answer: "Paris" }) }] });
  });
  afterAll(() => server.close());

  it("LabeledFewShot, BootstrapFewShot, random search", { timeout: 180_000 }, async () => {
    const setup = [
      'import { Example as SetupExample } from "dspy-typescript";',
      "const examples = Array.from({ length: 12 }, (_, i) =>",
      '  new SetupExample({ question: `Q${i}: What is the capital of France?`, answer: "Paris" }).withInputs("question"));',
      "const trainset = examples.slice(0, 10);",
      "const valset = examples.slice(10);",
    ].join("\n");
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "test-key" };
    const { stdout } = await runSnippet(root, snippet("docs/optimizers.md", "new LabeledFewShot"), env, setup);
    expect(stdout).toBe("8\n11\n");
    expect(server.chatRequests.length).toBeGreaterThan(0);
  });
});

describe("modules.md attempts and batches run", () => {
  let server: ScriptedServer;
  const env = () => ({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "test-key" });

  beforeAll(async () => {
    server = await ScriptedServer.start({
      rules: [
        { match: firstOutput("rationale"), reply: chat({ rationale: "All attempts say 4.", answer: "4" }) },
        { match: "2+2", reply: chat({ reasoning: "Two and two.", answer: "4" }) },
        { reply: chat({ reasoning: "It is the capital.", answer: "Brussels" }) },
      ],
    });
  });
  afterAll(() => server.close());

  it("BestOfN, Refine, MultiChainComparison", { timeout: 120_000 }, async () => {
    const setup =
      'import { configure as setupConfigure, LM as SetupLM } from "dspy-typescript";\n' +
      'setupConfigure({ lm: new SetupLM("openai/gpt-4o-mini") });\nconst question = "What is 2+2?";';
    await runSnippet(root, snippet("docs/modules.md", "new BestOfN("), env(), setup);
    const compare = server.chatRequests.find(firstOutput("rationale"));
    expect(compare?.lastUserMessage).toContain("[[ ## reasoning_attempt_3 ## ]]");
    // n completions are n requests, one completion each.
    const attempts = server.chatRequests.filter(
      (request) =>
        request.lastUserMessage ===
        "[[ ## question ## ]]\nWhat is 2+2?\n\nRespond with the corresponding output fields, starting with the field `[[ ## reasoning ## ]]`, then `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.",
    );
    expect(attempts).toHaveLength(3);
    const bestOf = server.chatRequests.filter((request) => request.lastUserMessage.includes("Belgium"));
    expect(bestOf.length).toBeGreaterThan(0);
    expect(bestOf.every((request) => request.body?.temperature === 1)).toBe(true);
  });

  it("batch, Parallel, majority, Ensemble", { timeout: 120_000 }, async () => {
    const setup = [
      'import { configure as setupConfigure, Example as SetupExample, LM as SetupLM } from "dspy-typescript";',
      'setupConfigure({ lm: new SetupLM("openai/gpt-4o-mini") });',
      'const devset = ["a", "b", "c"].map((q) => new SetupExample({ question: q, answer: "x" }).withInputs("question"));',
    ].join("\n");
    const before = server.chatRequests.length;
    await runSnippet(root, snippet("docs/modules.md", "majority(votes)"), env(), setup);
    const sent = server.chatRequests.slice(before);
    expect(sent.filter((request) => request.lastUserMessage.includes("2+2?"))).toHaveLength(5);
    expect(sent.some((request) => request.lastUserMessage.includes("Who wrote Hamlet?"))).toBe(true);
  });
});
