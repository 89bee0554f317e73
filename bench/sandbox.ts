/**
 * Sandbox costs, side by side in one run: the cold start of each interpreter (Pyodide in a
 * locked-down worker thread; QuickJS in its own worker thread), the per-run overhead of a trivial snippet, a
 * host-tool round trip, and injecting a 1 MB variable. Medians over repeated runs; the machine
 * is shared, so read the ratios more than the absolute numbers.
 *
 *     npx tsx bench/sandbox.ts [<starts, default 3> <runs, default 200>]
 */
import type { CodeInterpreter } from "../src/primitives/code-interpreter.js";
import { JavaScriptInterpreter } from "../src/primitives/javascript-interpreter.js";
import { PythonInterpreter } from "../src/primitives/python-interpreter.js";

const starts = Number(process.argv[2] ?? 3);
const runs = Number(process.argv[3] ?? 200);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

interface Contender {
  name: string;
  make: () => CodeInterpreter;
  trivial: string;
  tool: string;
  variable: string;
}

const tools = { echo: { handler: ({ x }: Record<string, unknown>) => x, parameters: [{ name: "x" }] } };
const contenders: Contender[] = [
  {
    name: "PythonInterpreter (Pyodide)",
    make: () => new PythonInterpreter({ tools }),
    trivial: "1 + 1",
    tool: "echo(1)",
    variable: "len(big)",
  },
  {
    name: "JavaScriptInterpreter (QuickJS)",
    make: () => new JavaScriptInterpreter({ tools }),
    trivial: "1 + 1",
    tool: "echo(1)",
    variable: "big.length",
  },
];

const big = "x".repeat(2 ** 20);
const rows: Record<string, string | number>[] = [];
for (const contender of contenders) {
  const cold: number[] = [];
  for (let i = 0; i < starts; i++) {
    const interpreter = contender.make();
    cold.push(await time(() => interpreter.start()));
    await interpreter.shutdown();
  }
  const interpreter = contender.make();
  await interpreter.start();
  const firstRun = await time(() => interpreter.execute(contender.trivial));
  const trivial: number[] = [];
  const tool: number[] = [];
  const variable: number[] = [];
  for (let i = 0; i < runs; i++) trivial.push(await time(() => interpreter.execute(contender.trivial)));
  for (let i = 0; i < runs; i++) tool.push(await time(() => interpreter.execute(contender.tool)));
  for (let i = 0; i < Math.min(runs, 20); i++) {
    variable.push(await time(() => interpreter.execute(contender.variable, { variables: { big } })));
  }
  await interpreter.shutdown();
  rows.push({
    interpreter: contender.name,
    "cold start ms": Math.round(median(cold)),
    "first run ms": Number(firstRun.toFixed(1)),
    "run ms": Number(median(trivial).toFixed(2)),
    "tool call ms": Number(median(tool).toFixed(2)),
    "1 MB variable ms": Number(median(variable).toFixed(1)),
  });
}
// Reference: Pyodide loaded on the main thread with no worker, driver or lockdown.
const bare: number[] = [];
for (let i = 0; i < starts; i++) {
  bare.push(
    await time(async () => {
      const { loadPyodide } = await import("pyodide");
      await loadPyodide();
    }),
  );
}
rows.push({ interpreter: "loadPyodide() on the main thread (reference)", "cold start ms": Math.round(median(bare)) });
console.table(rows);
const [python, js] = rows;
if (python && js) {
  console.log(
    `Pyodide / QuickJS: cold start ×${(Number(python["cold start ms"]) / Number(js["cold start ms"])).toFixed(0)}, ` +
      `run ×${(Number(python["run ms"]) / Number(js["run ms"])).toFixed(1)}`,
  );
}
