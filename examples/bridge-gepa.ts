/**
 * Python DSPy's GEPA optimizing a program through the bridge, the result loaded natively.
 *
 *   1. A pool of real DSPy 3.4.1 workers starts (`npx dspy-typescript bridge setup` first).
 *   2. The task LM and the reflection LM are `dspy.LM`s in Python pointed at an OpenAI-compatible
 *      server: a scripted local one here (offline), any real endpoint in production.
 *   3. The metric is a TypeScript function: Python's GEPA calls it over the bridge's callback
 *      stream for every rollout.
 *   4. `dspy.GEPA(...).compile(...)` runs in Python; its best program's state comes back through
 *      DSPy's JSON save format into a native `Predict` (`fromPython`).
 *   5. The same question goes through both runtimes: the server sees byte-identical prompts.
 *
 *     npx tsx examples/bridge-gepa.ts
 */
import { Bridge, fromPython, type PyRef } from "../src/bridge/index.js";
import { LM, Predict } from "../src/index.js";
import { type RecordedRequest, ScriptedServer } from "../src/test/index.js";

const capitals: Record<string, string> = {
  France: "Paris",
  Japan: "Tokyo",
  Italy: "Rome",
  Kenya: "Nairobi",
  Peru: "Lima",
  Germany: "Berlin",
};

/** The reflection LM proposes an instruction; the task LM follows it (uppercase) or does not. */
function taskReply(request: RecordedRequest): string {
  const messages = (request.body?.messages ?? []) as { content: string }[];
  const country = /capital of (\w+)/i.exec(request.lastUserMessage)?.[1] ?? "";
  const city = capitals[country] ?? "unknown";
  const shout = messages[0]?.content.includes("UPPERCASE");
  return `[[ ## answer ## ]]\n${shout ? city.toUpperCase() : city}\n\n[[ ## completed ## ]]`;
}

const server = await ScriptedServer.start({
  rules: [
    {
      match: (request) => request.body?.model === "reflector",
      // GEPA's reflection signature runs with DSPy's JSONAdapter.
      reply: JSON.stringify({
        new_instruction: "Given a question about a country, answer with its capital city in UPPERCASE letters.",
      }),
    },
    { reply: taskReply },
  ],
});
const bridge = await Bridge.start({ size: 1, callTimeoutMs: 300_000 });
try {
  const lm = { apiBase: server.baseURL, apiKey: "offline", cache: false };
  await bridge.configure({ lm: { model: "openai/task", ...lm } });
  const reflectionLM = await bridge.lm({ model: "openai/reflector", ...lm });

  // The gold answers are uppercase: the seed program scores 0 until GEPA finds the instruction.
  const examples: PyRef[] = [];
  for (const [country, city] of Object.entries(capitals)) {
    const example = (await bridge.call("dspy", "Example", [], {
      question: `What is the capital of ${country}?`,
      answer: city.toUpperCase(),
    })) as PyRef;
    examples.push((await bridge.method(example, "with_inputs", ["question"])) as PyRef);
  }

  let metricCalls = 0;
  const metric = await bridge.session.hostFunction("exact_upper", (gold, prediction) => {
    metricCalls++;
    return gold.answer === prediction.answer ? 1 : 0;
  });
  const gepa = await bridge.create("GEPA", {
    metric,
    reflection_lm: reflectionLM,
    max_metric_calls: 40,
    reflection_minibatch_size: 2,
    num_threads: 2,
    seed: 0,
  });
  const student = await bridge.predict("question -> answer");
  const optimized = (await bridge.method(gepa, "compile", [student.ref], {
    trainset: examples.slice(0, 3),
    valset: examples.slice(3),
  })) as PyRef;
  const predictor = (await bridge.method(optimized, "named_predictors")) as [string, PyRef][];
  const signature = (await bridge.attr(predictor[0]?.[1] as PyRef, "signature")) as PyRef;
  console.log(`GEPA ran in Python (${metricCalls} calls of the TypeScript metric).`);
  console.log(`Optimized instruction: ${JSON.stringify(await bridge.attr(signature, "instructions"))}`);

  // Load the optimized state natively and ask both runtimes the same question.
  const native = await fromPython(optimized, new Predict("question -> answer"), bridge);
  const question = { question: "What is the capital of Kenya?" };
  const python = await bridge.call("__bridge__", "call_to_dict", [optimized, question]);
  const nativeLM = new LM("openai/task", { baseURL: server.baseURL, apiKey: "offline", cache: false });
  const answer = (await native.call(question, { lm: nativeLM })).get("answer");
  const [fromPythonRun, fromNativeRun] = server.chatRequests.slice(-2).map((request) => request.body?.messages);
  console.log(`Python answered ${JSON.stringify(python)}; native answered ${JSON.stringify({ answer })}.`);
  const identical = JSON.stringify(fromPythonRun) === JSON.stringify(fromNativeRun);
  console.log(`Prompts identical in both runtimes: ${identical}`);
  if (!identical) process.exitCode = 1;
} finally {
  await bridge.close();
  await server.close();
}
