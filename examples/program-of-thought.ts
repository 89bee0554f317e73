/**
 * ProgramOfThought: the LM writes Python, the code runs in the Pyodide sandbox (a locked-down
 * worker thread: no files, network, processes or host environment), a failing attempt goes back
 * to the LM with its error, and a last step turns the code's output into the answer. Runs
 * offline on a scripted DummyLM; the code really runs. The prompts are byte-identical to Python
 * DSPy 3.4.1's `dspy.ProgramOfThought` (DSPy 3.4 deprecates it in favour of RLM).
 *
 *     npx tsx examples/program-of-thought.ts
 */
import { context, ProgramOfThought, PythonInterpreter } from "../src/index.js";
import { DummyLM } from "../src/test/index.js";

const lm = new DummyLM([
  // First attempt: a bug the sandbox reports as `NameError: ["name 'statistics' is not defined"]`.
  {
    reasoning: "Compute the mean and standard deviation of the prices.",
    generated_code: "```python\nprices = [12.5, 14.0, 13.25, 15.75]\nSUBMIT({'mean': statistics.mean(prices)})\n```",
  },
  // The retry sees the previous code and that error message.
  {
    reasoning: "Import the statistics module first.",
    generated_code:
      "```python\nimport statistics\nprices = [12.5, 14.0, 13.25, 15.75]\nSUBMIT({'mean': statistics.mean(prices), 'stdev': round(statistics.stdev(prices), 3)})\n```",
  },
  { reasoning: "The code computed both values.", mean: 13.875, stdev: 1.392 },
]);

const pot = new ProgramOfThought("prices_description -> mean: float, stdev: float", {
  logger: { error: (message) => console.log("retrying after:", message) },
});

// Each call creates a sandbox and shuts it down; pass `interpreter` to reuse one across calls.
const interpreter = new PythonInterpreter({ timeoutMs: 10_000, memoryLimitMb: 256 });
try {
  const prediction = await context({ lm }, () =>
    pot.call({ prices_description: "12.5, 14.0, 13.25 and 15.75" }, { interpreter }),
  );
  console.log("mean:", prediction.get("mean"), "stdev:", prediction.get("stdev"));
  // What the final step was shown: the code and its output, as json.dumps wrote it.
  const last = String(lm.history.at(-1)?.messages.at(-1)?.content ?? "");
  console.log(last.slice(last.indexOf("[[ ## code_output ## ]]")).split("\n\n")[0]);
} finally {
  await interpreter.shutdown();
}
