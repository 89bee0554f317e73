/**
 * Framework overhead per Predict call (format → scripted LM → parse), ours vs Python DSPy 3.4.1,
 * measured side by side in one run. The LM is DummyLM on both sides, so the figure is pure
 * framework cost.
 *
 *     npx tsx bench/predict-overhead.ts [calls=2000]
 */
import { execFileSync } from "node:child_process";
import { Predict } from "../src/predict/predict.js";
import { context } from "../src/predict/settings.js";
import { DummyLM } from "../src/test/dummy-lm.js";

const calls = Number(process.argv[2] ?? 2000);

async function ours(): Promise<number> {
  const lm = new DummyLM(
    Array.from({ length: calls + 10 }, (_, index) => ({ answer: `answer ${index}`, confidence: 0.5 })),
  );
  const program = new Predict("question, context: list[str] -> answer, confidence: float");
  program.demos = Array.from({ length: 3 }, (_, index) => ({
    question: `q${index}`,
    context: ["a", "b"],
    answer: `a${index}`,
    confidence: 0.9,
  }));
  return context({ lm }, async () => {
    await program.call({ question: "warm-up", context: ["x"] });
    const start = performance.now();
    for (let index = 0; index < calls; index++) {
      await program.call({ question: `What is ${index}?`, context: ["passage one", "passage two"] });
    }
    return (performance.now() - start) / 1000;
  });
}

function python(): number {
  const output = execFileSync(".venv-oracle/bin/python", ["bench/predict-overhead.py", String(calls)], {
    encoding: "utf8",
  });
  return (JSON.parse(output) as { seconds: number }).seconds;
}

const tsSeconds = await ours();
const pySeconds = python();
const perCall = (seconds: number) => ((seconds / calls) * 1e6).toFixed(1);
console.log(`Predict overhead, ${calls} calls (DummyLM, 3 demos, typed outputs)`);
console.log(`  dspy-typescript: ${tsSeconds.toFixed(3)} s  (${perCall(tsSeconds)} µs/call)`);
console.log(`  Python DSPy 3.4.1: ${pySeconds.toFixed(3)} s  (${perCall(pySeconds)} µs/call)`);
console.log(`  ratio (Python / ours): ${(pySeconds / tsSeconds).toFixed(2)}×`);
