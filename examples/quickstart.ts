/**
 * Quickstart: build a signature, format a ChatAdapter prompt with one demo, parse an answer.
 * No LM is called; the prompt printed here is byte-identical to what Python DSPy 3.4.1 sends.
 *
 *     npm run example
 */
import { AdapterParseError, ChatAdapter, Signature } from "../src/index.js";

// DSPy's string syntax: inputs -> outputs, with optional Python-style type annotations.
const signature = new Signature("question, context: list[str] -> answer: int");

// One worked example (a "demo") shown to the model before the real request.
const demos = [{ question: "How many legs does a spider have?", context: ["Spiders are arachnids."], answer: 8 }];
const inputs = { question: "How many sides does a hexagon have?", context: ["A hexagon is a polygon."] };

const adapter = new ChatAdapter();
const messages = adapter.format(signature, demos, inputs);

console.log(`Instructions: ${signature.instructions}\n`);
for (const message of messages) {
  console.log(`----- ${message.role} -----`);
  console.log(typeof message.content === "string" ? message.content : JSON.stringify(message.content, null, 2));
}

// A completion in ChatAdapter form, as an LM would write it; `answer` is parsed as an int.
const completion = "[[ ## answer ## ]]\n6\n\n[[ ## completed ## ]]";
console.log("\n----- parsed -----");
console.log(adapter.parse(signature, completion));

// An answer the adapter cannot read raises AdapterParseError, carrying the raw LM text.
try {
  adapter.parse(signature, "Six, I think.");
} catch (error) {
  if (!(error instanceof AdapterParseError)) throw error;
  console.log(`\nAdapterParseError from ${error.adapterName}; lmResponse = ${JSON.stringify(error.lmResponse)}`);
}
