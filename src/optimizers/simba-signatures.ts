import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";

const STR = { kind: "str" } as const;
const FLOAT = { kind: "float" } as const;
const TRAJECTORY = "The trajectory of the program's execution, showing each module's I/O";
const OUTPUTS = "The outputs of the program that we are analyzing";
const REWARD = "The reward value assigned to the program's outputs";
const REWARD_INFO = "Additional information that might be helpful to understanding the assigned reward value.";

/**
 * SIMBA's `OfferFeedback` signature (dspy/teleprompt/simba_utils.py, text as in DSPy 3.4.1 — not
 * Refine's signature of the same name): given a better and a worse trajectory of the same
 * program on the same example, the LM writes per-module advice that `append_a_rule` appends to
 * each predictor's instructions.
 *
 * @example
 * const advice = (await new Predict(SIMBA_OFFER_FEEDBACK).call(inputs)).get("module_advice");
 */
export const SIMBA_OFFER_FEEDBACK: Signature = Signature.fromFields(
  {
    program_code: InputField({ desc: "The code of the program that we are analyzing" }),
    modules_defn: InputField({ desc: "The definition of each module in the program, including its I/O" }),
    program_inputs: InputField({ desc: "The inputs to the program that we are analyzing" }),
    oracle_metadata: InputField({ desc: "Any (hidden) metadata about the training set instance we're analyzing" }),
    worse_program_trajectory: InputField({ desc: TRAJECTORY }),
    worse_program_outputs: InputField({ desc: OUTPUTS }),
    worse_reward_value: InputField({ desc: REWARD, type: FLOAT }),
    worse_reward_info: InputField({ desc: REWARD_INFO }),
    better_program_trajectory: InputField({ desc: TRAJECTORY }),
    better_program_outputs: InputField({ desc: OUTPUTS }),
    better_reward_value: InputField({ desc: REWARD, type: FLOAT }),
    better_reward_info: InputField({ desc: REWARD_INFO }),
    module_names: InputField({
      desc: "The names of the modules in the program, for which we seek advice",
      type: { kind: "list", args: [STR] },
    }),
    discussion: OutputField({ desc: "Discussing blame of where each module went wrong, if it did" }),
    module_advice: OutputField({
      desc:
        "For each module, describe very concretely: If the module receives ${description of input or patterns " +
        "therein}, then it should ${description of content, behavior, or strategies to adopt and/or others to avoid}. " +
        "Basically, your advice be such that if the module has access to your tip, it would be much more likely to act " +
        "like the successful trajectory rather than the lower-scoring trajectory.",
      type: { kind: "dict", args: [STR, STR] },
    }),
  },
  // The class docstring, indentation included: cleandoc (in the constructor) removes it as Python does.
  `
    You will be given two trajectories of an LLM-driven program's execution. Your goal is to help the program's modules
    build up experience on how to maximize the reward value assigned to the program's outputs if it were to receive
    similar inputs in the future.

    The module won't see its own history. It will rely on your advice balancing being concrete and being generalizable.

    In your advice:
    - Avoid boilerplate. Offer advice that would change the module's behavior for the better in the future.
    - Ensure that advice offered to a module M is specific to that M's specific sub-task, not the overall program.
    - Rely on contrasting the behavior of the worse trajectory against the better trajectory in making recommendations.
    - Ensure each unique module name appears exactly once as a key in the advice dictionary.
    `,
);
