import type { BaseLM } from "../lm/base-lm.js";
import { Predict } from "../predict/predict.js";
import { context as settingsContext } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import { pyRepr } from "../utils/python-repr.js";
import {
  DATASET_DESCRIPTOR,
  DATASET_DESCRIPTOR_WITH_PRIOR,
  OBSERVATION_SUMMARIZER,
  stripPrefix,
} from "./mipro-signatures.js";

/**
 * Python's `repr(list_of_examples)` after DSPy's `order_input_keys_in_string`: each example as
 * `Example({...}) (input_keys={...})`, `dspy_*` keys hidden, input keys sorted (a Python set
 * has no stable order, which is why DSPy sorts them).
 *
 * @example
 * examplesRepr([new Example({ q: "hi", a: "yo" }).withInputs("q")]); // "[Example({'q': 'hi', 'a': 'yo'}) (input_keys={'q'})]"
 */
export function examplesRepr(examples: readonly Example[]): string {
  const one = (example: Example) => {
    const store = Object.fromEntries(Object.entries(example.toDict()).filter(([key]) => !key.startsWith("dspy_")));
    const keys = example.inputKeys;
    let inputKeys = "None";
    if (keys !== undefined) {
      inputKeys =
        keys.size === 0
          ? "set()"
          : `{${[...keys]
              .map((key) => pyRepr(key))
              .sort()
              .join(", ")}}`;
    }
    return `Example(${pyRepr(store)}) (input_keys=${inputKeys})`;
  };
  return `[${examples.map(one).join(", ")}]`;
}

/**
 * DSPy's `create_dataset_summary`: one `DatasetDescriptor` call on the first batch, up to nine
 * `DatasetDescriptorWithPriorObservations` calls on the next batches (stopping after five
 * "COMPLETE" answers; observations are concatenated with no separator), then the summarizer —
 * at most 11 prompt-model calls.
 *
 * @example
 * const summary = await createDatasetSummary(trainset, 10, promptModel);
 */
export async function createDatasetSummary(
  trainset: readonly Example[],
  viewDataBatchSize: number,
  promptModel: BaseLM | undefined,
): Promise<string> {
  const run = async (signature: typeof DATASET_DESCRIPTOR, inputs: Record<string, unknown>) => {
    const call = () => new Predict(signature, { n: 1, temperature: 1.0 }).call(inputs);
    return promptModel ? settingsContext({ lm: promptModel }, call) : call();
  };
  const first = await run(DATASET_DESCRIPTOR, { examples: examplesRepr(trainset.slice(0, viewDataBatchSize)) });
  let observations = String(first.get("observations"));
  let skips = 0;
  let calls = 0;
  try {
    for (let b = viewDataBatchSize; b < trainset.length; b += viewDataBatchSize) {
      calls += 1;
      if (calls >= 10) break;
      const output = await run(DATASET_DESCRIPTOR_WITH_PRIOR, {
        prior_observations: observations,
        examples: examplesRepr(trainset.slice(b, b + viewDataBatchSize)),
      });
      const text = String(output.get("observations"));
      if (text.length >= 8 && text.slice(0, 8).toUpperCase() === "COMPLETE") {
        skips += 1;
        if (skips >= 5) break;
        continue;
      }
      observations += text;
    }
  } catch {
    // DSPy keeps the observations gathered so far and summarizes those.
  }
  const summary = await run(OBSERVATION_SUMMARIZER, { observations });
  return stripPrefix(String(summary.get("summary")));
}
