/**
 * Streaming — print a ChainOfThought's reasoning and answer as the LM writes them, and the tool
 * calls of a ReAct agent as they happen (DSPy's `dspy.streamify` + `StreamListener`).
 *
 * Runs offline: a scripted local OpenAI-compatible server streams the replies over SSE, cut into
 * small pieces that split the `[[ ## field ## ]]` markers, and the real `LM` client reads them.
 * The listeners hide the markers and pass on only the fields' text. With `OPENAI_API_KEY` it
 * calls OpenAI instead.
 *
 *     npx tsx examples/streaming.ts
 */
import {
  ChainOfThought,
  context,
  LM,
  Prediction,
  ReAct,
  StatusMessage,
  StreamListener,
  StreamResponse,
  streamify,
  Tool,
} from "../src/index.js";
import { ScriptedServer } from "../src/test/index.js";

const real = Boolean(process.env.OPENAI_API_KEY);
const server = real
  ? undefined
  : await ScriptedServer.start({
      rules: [
        {
          match: "Why is the sky blue?",
          reply:
            "[[ ## reasoning ## ]]\nSunlight scatters off air molecules, and short (blue) wavelengths scatter the most.\n\n" +
            "[[ ## answer ## ]]\nBecause air scatters blue light more than red (Rayleigh scattering).\n\n[[ ## completed ## ]]",
          // Five characters at a time, like a fast token stream: markers arrive in pieces.
          streamChunks: (text) => text.match(/[\s\S]{1,5}/g) ?? [],
          chunkDelayMs: 10,
        },
        {
          // ReAct's final extraction step (its prompt asks for `reasoning` first).
          match: /starting with the field `\[\[ ## reasoning ## \]\]`/,
          reply:
            "[[ ## reasoning ## ]]\nThe clock said noon.\n\n[[ ## answer ## ]]\nIt is noon.\n\n[[ ## completed ## ]]",
        },
        {
          match: /\[\[ ## thought_0 ## \]\]/,
          reply:
            "[[ ## next_thought ## ]]\nI have the time.\n\n[[ ## next_tool_name ## ]]\nfinish\n\n" +
            "[[ ## next_tool_args ## ]]\n{}\n\n[[ ## completed ## ]]",
        },
        {
          match: /What time is it/,
          reply:
            "[[ ## next_thought ## ]]\nI should look at the clock.\n\n[[ ## next_tool_name ## ]]\nclock\n\n" +
            "[[ ## next_tool_args ## ]]\n{}\n\n[[ ## completed ## ]]",
        },
      ],
    });
const lm = real
  ? new LM("openai/gpt-4o-mini")
  : new LM("openai/gpt-4o-mini", { baseURL: server?.baseURL, apiKey: "offline", cache: false });

await context({ lm }, async () => {
  // 1. Field streaming: reasoning then answer, printed as they arrive.
  const explain = streamify(new ChainOfThought("question -> answer"), {
    streamListeners: [
      new StreamListener({ signatureFieldName: "reasoning" }),
      new StreamListener({ signatureFieldName: "answer" }),
    ],
  });
  let field = "";
  for await (const value of explain({ question: "Why is the sky blue?" })) {
    if (value instanceof StreamResponse) {
      if (value.signatureFieldName !== field) {
        field = value.signatureFieldName;
        process.stdout.write(`\n${field}: `);
      }
      process.stdout.write(value.chunk);
    } else if (value instanceof Prediction) {
      console.log(`\n\nfinal prediction answer: ${JSON.stringify(value.get("answer"))}`);
    }
  }

  // 2. Status messages: a ReAct agent announces its tool calls while it runs.
  const clock = new Tool(() => "12:00", { name: "clock", description: "The current time.", args: {} });
  const agent = streamify(new ReAct("question -> answer", { tools: [clock] }));
  for await (const value of agent({ question: "What time is it?" })) {
    if (value instanceof StatusMessage) console.log(`status: ${value.message}`);
    else if (value instanceof Prediction) console.log(`agent answer: ${value.get("answer")}`);
  }
});
await server?.close();
