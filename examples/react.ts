/**
 * ReAct: an agent with a calculator and a lookup tool, run offline on a scripted DummyLM.
 * The prompts it sends are byte-identical to Python DSPy 3.4.1's `dspy.ReAct`.
 *
 *     npx tsx examples/react.ts
 */
import { z } from "zod";
import { context, ReAct, Tool } from "../src/index.js";
import { DummyLM } from "../src/test/index.js";

// Arguments are declared with zod; the LM sees them as pydantic would show `a: float, b: float`.
const calculator = new Tool(
  ({ op, a, b }) => {
    if (op === "divide" && b === 0) throw new Error("division by zero");
    return { add: a + b, subtract: a - b, multiply: a * b, divide: a / b }[op];
  },
  {
    name: "calculator",
    description: "Apply an arithmetic operation to two numbers.",
    args: z.object({ op: z.enum(["add", "subtract", "multiply", "divide"]), a: z.number(), b: z.number() }),
  },
);

const POPULATIONS: Record<string, number> = { Paris: 2_102_650, Lyon: 522_250 };

// Arguments can also be plain JSON Schema, shown to the LM exactly as written.
const lookup = new Tool(
  ({ city }: { city: string }) => {
    const population = POPULATIONS[city];
    if (population === undefined) throw new Error(`no data for ${city}`);
    return population;
  },
  {
    name: "lookup_population",
    description: "Population of a French city.",
    args: { city: { type: "string", description: "The city's name" } },
  },
);

const agent = new ReAct("question -> answer: float", { tools: [calculator, lookup], maxIters: 6 });

// The scripted LM answers each step in turn: two lookups, a failed call the agent recovers from,
// the division, then `finish`, then the extraction of `answer`.
const lm = new DummyLM([
  {
    next_thought: "I need the population of Paris.",
    next_tool_name: "lookup_population",
    next_tool_args: { city: "Paris" },
  },
  { next_thought: "Now Lyon.", next_tool_name: "lookup_population", next_tool_args: { city: "Lyon" } },
  { next_thought: "Divide them.", next_tool_name: "calculator", next_tool_args: { op: "divide", a: 2102650, b: 0 } },
  {
    next_thought: "Oops, wrong divisor.",
    next_tool_name: "calculator",
    next_tool_args: { op: "divide", a: 2102650, b: 522250 },
  },
  { next_thought: "I have the ratio.", next_tool_name: "finish", next_tool_args: {} },
  { reasoning: "Paris has about 4.03 times Lyon's population.", answer: 4.03 },
]);

const prediction = await context({ lm }, () => agent.call({ question: "How many times bigger is Paris than Lyon?" }));

console.log("----- system prompt of the first step -----");
console.log(lm.history[0]?.messages[0]?.content);
console.log("\n----- trajectory -----");
for (const [key, value] of Object.entries(prediction.get("trajectory"))) {
  // Tool errors carry a stack for the LM; the first line is enough here.
  const text = typeof value === "string" ? value.split("\n    at ")[0]?.replaceAll("\n", " ") : JSON.stringify(value);
  console.log(`${key}: ${text}`);
}
console.log(`\nreasoning: ${prediction.get("reasoning")}`);
console.log(`answer: ${prediction.get("answer")}`);
