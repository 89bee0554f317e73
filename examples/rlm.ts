/**
 * RLM (Recursive Language Model): the LM explores a long input through a sandboxed Python REPL
 * (Pyodide), asks a sub-LM about a snippet with `llm_query`, and ends with `SUBMIT`. Runs
 * offline: the LMs are scripted (DummyLM for the agent, a small function for the sub-LM); the
 * code really runs in Pyodide.
 *
 *     npx tsx examples/rlm.ts
 *
 * For real: `context({ lm: new LM("openai/gpt-4o") }, ...)` and `subLm: new LM("openai/gpt-4o-mini")`.
 */
import type { BaseLM, LMOutput, Message } from "../src/index.js";
import { RLM } from "../src/predict/rlm.js";
import { context } from "../src/predict/settings.js";
import { DummyLM } from "../src/test/dummy-lm.js";

const document = `${"Lorem ipsum dolor sit amet. ".repeat(2000)}The access code is 7351. ${"More filler. ".repeat(500)}`;

// The agent's steps, as a real LM would write them.
const lm = new DummyLM([
  { reasoning: "Check the size first.", code: "```python\nprint(len(context))\n```" },
  {
    reasoning: "Find the sentence that mentions a code, then ask the sub-LM to read it.",
    code: "```python\nimport re\nsentence = re.search(r'[^.]*code[^.]*\\.', context).group(0)\nanswer = llm_query('Which number is the access code? ' + sentence)\nprint(sentence, '->', answer)\n```",
  },
  { reasoning: "The sub-LM found it.", code: "SUBMIT(answer=answer)" },
]);

// A stand-in sub-LM: answers with the first number in the prompt.
const subLm: BaseLM = {
  model: "sub",
  kwargs: {},
  supportedParams: new Set(),
  supportsResponseSchema: false,
  async call(messages: Message[]): Promise<LMOutput[]> {
    return [{ text: /\d+/.exec(String(messages[0]?.content))?.[0] ?? "unknown" }];
  },
};

const rlm = new RLM("context, query -> answer", { maxIters: 5, subLm });
const prediction = await context({ lm }, () => rlm.call({ context: document, query: "What is the access code?" }));
console.log("answer:", prediction.get("answer"));
for (const [index, step] of (prediction.get("trajectory") as { code: string; output: string }[]).entries()) {
  console.log(`--- step ${index + 1}\n${step.code}\n=> ${step.output}`);
}
