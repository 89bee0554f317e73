import { fieldDescriptionList } from "../adapters/field-description.js";
import type { Module } from "../primitives/module.js";
import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";
import { pyDedent } from "../utils/py-dedent.js";
import { pySplitlines } from "../utils/py-string.js";

const STR = { kind: "str" } as const;

/**
 * DSPy's `OfferFeedback` signature, which Refine uses after a failed attempt to ask the LM which
 * module is to blame and what each should do differently. Text as in DSPy 3.4.1, including its
 * missing space in "kind ofscenario".
 *
 * @example
 * const advice = (await new Predict(OFFER_FEEDBACK).call(feedbackInputs)).get("advice");
 */
export const OFFER_FEEDBACK: Signature = Signature.fromFields(
  {
    program_code: InputField({ desc: "The code of the program that we are analyzing" }),
    modules_defn: InputField({ desc: "The definition of each module in the program, including its I/O" }),
    program_inputs: InputField({ desc: "The inputs to the program that we are analyzing" }),
    program_trajectory: InputField({ desc: "The trajectory of the program's execution, showing each module's I/O" }),
    program_outputs: InputField({ desc: "The outputs of the program that we are analyzing" }),
    reward_code: InputField({ desc: "The code of the reward function that we are analyzing" }),
    target_threshold: InputField({ desc: "The target threshold for the reward function", type: { kind: "float" } }),
    reward_value: InputField({ desc: "The reward value assigned to the program's outputs", type: { kind: "float" } }),
    module_names: InputField({
      desc: "The names of the modules in the program, for which we seek advice",
      type: { kind: "list", args: [STR] },
    }),
    discussion: OutputField({ desc: "Discussing blame of where each module went wrong, if it did" }),
    advice: OutputField({
      desc:
        "For each module, describe very concretely, in this order: the specific scenarios in which it has made " +
        "mistakes in the past and what each mistake was, followed by what it should do differently in that kind of" +
        "scenario in the future. If the module is not to blame, write N/A.",
      type: { kind: "dict", args: [STR, STR] },
    }),
  },
  `
    In the discussion, assign blame to each module that contributed to the final reward being below the threshold, if
    any. Then, prescribe concrete advice of how the module should act on its future input when we retry the process, if
    it were to receive the same or similar inputs. If a module is not to blame, the advice should be N/A.
    The module will not see its own history, so it needs to rely on entirely concrete and actionable advice from you
    to avoid the same mistake on the same or similar inputs.
    `,
);

/**
 * DSPy's `inspect_modules(program)` (refine.py): each predictor's name, input and output field
 * lists and instructions, between rules of 80 dashes — the `modules_defn` of the feedback call.
 *
 * @example
 * inspectModules(new ChainOfThought("question -> answer"));
 * // "-----…\nModule predict\n\tInput Fields:\n\t\t1. `question` (str):\n\tOutput Fields:\n…"
 */
export function inspectModules(program: Module): string {
  const separator = "-".repeat(80);
  const indented = (text: string) => ["", ...pySplitlines(text)].join("\n\t\t");
  const output = [separator];
  for (const [name, predictor] of program.namedPredictors()) {
    const signature = (predictor as unknown as { signature: Signature }).signature;
    output.push(`Module ${name}`);
    output.push("\n\tInput Fields:");
    output.push(indented(fieldDescriptionList(signature.inputFields)));
    output.push("\tOutput Fields:");
    output.push(indented(fieldDescriptionList(signature.outputFields)));
    output.push(`\tOriginal Instructions: ${indented(pyDedent(signature.instructions))}`);
    output.push(separator);
  }
  return output.map(stripNewlines).join("\n");
}

// Python's `str.strip("\n")`.
function stripNewlines(text: string): string {
  return text.replace(/^\n+|\n+$/g, "");
}
