/**
 * CodeAct: the LM writes Python that calls your tools; the code runs in a sandboxed Pyodide
 * interpreter where each tool is a callable function (backed by the TypeScript function). Runs
 * offline with scripted LM answers; the code really runs. (DSPy 3.4 deprecates CodeAct in favour
 * of RLM; see examples/rlm.ts.)
 *
 *     npx tsx examples/code-act.ts
 */
import { Tool } from "../src/index.js";
import { CodeAct } from "../src/predict/code-act.js";
import { context } from "../src/predict/settings.js";
import { DummyLM } from "../src/test/dummy-lm.js";

const RATES: Record<string, number> = { EUR_USD: 1.08, USD_EUR: 0.93 };

const exchangeRate = new Tool(
  ({ source, target }: { source: string; target: string }) => RATES[`${source}_${target}`] ?? null,
  {
    name: "exchange_rate",
    description: "The exchange rate between two currencies, e.g. source='EUR', target='USD'.",
    args: { source: { type: "string" }, target: { type: "string" } },
  },
);

const lm = new DummyLM([
  { generated_code: "```python\nrate = exchange_rate(source='EUR', target='USD')\nprint(rate)\n```", finished: false },
  {
    generated_code: "```python\ntotal = round(250 * rate, 2)\n```",
    finished: true,
  },
  { reasoning: "250 EUR at 1.08 is 270.0 USD.", usd: 270.0 },
]);

const act = new CodeAct("amount_eur: float -> usd: float", {
  tools: [exchangeRate],
  maxIters: 4,
  logger: { warn: () => {} },
});
const prediction = await context({ lm }, () => act.call({ amount_eur: 250 }));
console.log("usd:", prediction.get("usd"));
console.log("trajectory:", prediction.get("trajectory"));
