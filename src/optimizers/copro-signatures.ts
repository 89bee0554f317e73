import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";

const PROPOSED_INSTRUCTION = OutputField({ desc: "The improved instructions for the language model" });
const PROPOSED_PREFIX = OutputField({
  desc: "The string at the end of the prompt, which will help the model start solving the task",
});

/**
 * COPRO's first proposal prompt (DSPy's `BasicGenerateInstruction`, text as in DSPy 3.4.1): new
 * instructions for a predictor from its current ones.
 *
 * @example
 * await new Predict(BASIC_GENERATE_INSTRUCTION, { n: 9, temperature: 1.4 }).call({ basic_instruction });
 */
export const BASIC_GENERATE_INSTRUCTION: Signature = Signature.fromFields(
  {
    basic_instruction: InputField({ desc: "The initial instructions before optimization" }),
    proposed_instruction: PROPOSED_INSTRUCTION,
    proposed_prefix_for_output_field: PROPOSED_PREFIX,
  },
  "You are an instruction optimizer for large language models. I will give you a ``signature`` of fields (inputs and outputs) in English. Your task is to propose an instruction that will lead a good language model to perform the task well. Don't be afraid to be creative.",
);

/**
 * COPRO's follow-up proposal prompt (DSPy's `GenerateInstructionGivenAttempts`): new instructions
 * from the best ones tried so far, listed worst to best with their scores.
 *
 * @example
 * await new Predict(GENERATE_INSTRUCTION_GIVEN_ATTEMPTS, { n: 10, temperature: 1.4 }).call({ attempted_instructions });
 */
export const GENERATE_INSTRUCTION_GIVEN_ATTEMPTS: Signature = Signature.fromFields(
  {
    attempted_instructions: InputField(),
    proposed_instruction: PROPOSED_INSTRUCTION,
    proposed_prefix_for_output_field: PROPOSED_PREFIX,
  },
  // The class docstring, indentation included: cleandoc (in the constructor) removes it as Python does.
  `You are an instruction optimizer for large language models. I will give some task instructions I've tried, along with their corresponding validation scores. The instructions are arranged in increasing order based on their scores, where higher scores indicate better quality.

    Your task is to propose a new instruction that will lead a good language model to perform the task even better. Don't be afraid to be creative.`,
);
