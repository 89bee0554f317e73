import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";

/**
 * DSPy's `TIPS` for the grounded proposer, in its key order (the order `rng.choice` indexes). The
 * empty "none" tip drops the `tip` field from the proposal prompt.
 *
 * @example
 * const [key, text] = MIPRO_TIPS[rng.randbelow(MIPRO_TIPS.length)];
 */
export const MIPRO_TIPS: readonly (readonly [key: string, text: string])[] = [
  ["none", ""],
  ["creative", "Don't be afraid to be creative when creating the new instruction!"],
  ["simple", "Keep the instruction clear and concise."],
  ["description", "Make sure your instruction is very informative and descriptive."],
  ["high_stakes", "The instruction should include a high stakes scenario in which the LM must solve the task!"],
  ["persona", 'Include a persona that is relevant to the task in the instruction (ie. "You are a ...")'],
];

const PROGRAM_CODE = InputField({
  desc: "Pseudocode for a language model program designed to solve a particular task.",
});
const PROGRAM_EXAMPLE = InputField({ desc: "An example of the program in use." });
const PIPELINE = "Below is some pseudo-code for a pipeline that solves tasks with calls to language models.";

/**
 * DSPy's `DescribeProgram` (grounded proposer, program-aware mode).
 *
 * @example
 * await new Predict(DESCRIBE_PROGRAM).call({ program_code, program_example });
 */
export const DESCRIBE_PROGRAM: Signature = Signature.fromFields(
  {
    program_code: PROGRAM_CODE,
    program_example: PROGRAM_EXAMPLE,
    program_description: OutputField({
      desc: "Describe what task the program is designed to solve, and how it goes about solving this task.",
    }),
  },
  `${PIPELINE} Please describe what type of task this program appears to be designed to solve, and how it appears to work.`,
);

/**
 * DSPy's `DescribeModule` (grounded proposer, program-aware mode).
 *
 * @example
 * await new Predict(DESCRIBE_MODULE).call({ program_code, program_example, program_description, module });
 */
export const DESCRIBE_MODULE: Signature = Signature.fromFields(
  {
    program_code: PROGRAM_CODE,
    program_example: PROGRAM_EXAMPLE,
    program_description: InputField({
      desc: "Summary of the task the program is designed to solve, and how it goes about solving it.",
    }),
    module: InputField({ desc: "The module in the program that we want to describe." }),
    module_description: OutputField({ desc: "Description of the module's role in the broader program." }),
  },
  `${PIPELINE} Please describe the purpose of one of the specified module in this pipeline.`,
);

/** Which optional inputs DSPy's `generate_instruction_class` includes. */
export interface InstructionSignatureFlags {
  useDatasetSummary: boolean;
  programAware: boolean;
  useInstructHistory: boolean;
  useTip: boolean;
}

/**
 * DSPy's `GenerateSingleModuleInstruction`, built as `generate_instruction_class` builds it: the
 * optional inputs appear in DSPy's field order only when their flag is on.
 *
 * @example
 * const signature = generateInstructionSignature({ useDatasetSummary: true, programAware: false, useInstructHistory: false, useTip: true });
 */
export function generateInstructionSignature(flags: InstructionSignatureFlags): Signature {
  const fields: Record<string, ReturnType<typeof InputField>> = {};
  if (flags.useDatasetSummary) {
    fields.dataset_description = InputField({ desc: "A description of the dataset that we are using." });
  }
  if (flags.programAware) {
    fields.program_code = InputField({ desc: "Language model program designed to solve a particular task." });
    fields.program_description = InputField({
      desc: "Summary of the task the program is designed to solve, and how it goes about solving it.",
    });
    fields.module = InputField({ desc: "The module to create an instruction for." });
    fields.module_description = InputField({ desc: "Description of the module to create an instruction for." });
  }
  fields.task_demos = InputField({ desc: "Example inputs/outputs of our module." });
  if (flags.useInstructHistory) {
    fields.previous_instructions = InputField({
      desc: "Previous instructions we've attempted, along with their associated scores.",
    });
  }
  fields.basic_instruction = InputField({ desc: "Basic instruction." });
  if (flags.useTip) {
    fields.tip = InputField({ desc: "A suggestion for how to go about generating the new instruction." });
  }
  fields.proposed_instruction = OutputField({
    desc: "Propose an instruction that will be used to prompt a Language Model to perform this task.",
  });
  return Signature.fromFields(
    fields,
    "Use the information below to learn about a task that we are trying to solve using calls to an LM, then generate a new instruction that will be used to prompt a Language Model to better solve the task.",
  );
}

const EXAMPLES = InputField({ desc: "Sample data points from the dataset" });

/**
 * DSPy's `DatasetDescriptor`: first look at the trainset (the dataset summary).
 *
 * @example
 * await new Predict(DATASET_DESCRIPTOR, { n: 1, temperature: 1.0 }).call({ examples });
 */
export const DATASET_DESCRIPTOR: Signature = Signature.fromFields(
  {
    examples: EXAMPLES,
    observations: OutputField({ desc: "Somethings that holds true for most or all of the data you observed" }),
  },
  "Given several examples from a dataset please write observations about trends that hold for most or all of the samples. Some areas you may consider in your observations: topics, content, syntax, conciseness, etc. It will be useful to make an educated guess as to the nature of the task this dataset will enable. Don't be afraid to be creative",
);

/**
 * DSPy's `DatasetDescriptorWithPriorObservations` (its typos — "conciceness", the double space —
 * are part of the prompt, so they stay).
 *
 * @example
 * await new Predict(DATASET_DESCRIPTOR_WITH_PRIOR, { n: 1, temperature: 1.0 }).call({ examples, prior_observations });
 */
export const DATASET_DESCRIPTOR_WITH_PRIOR: Signature = Signature.fromFields(
  {
    examples: EXAMPLES,
    prior_observations: InputField({ desc: "Some prior observations I made about the data" }),
    observations: OutputField({
      desc: "Somethings that holds true for most or all of the data you observed or COMPLETE if you have nothing to add",
    }),
  },
  "Given several examples from a dataset please write observations about trends that hold for most or all of the samples. I will also provide you with a few observations I have already made.  Please add your own observations or if you feel the observations are comprehensive say 'COMPLETE' Some areas you may consider in your observations: topics, content, syntax, conciceness, etc. It will be useful to make an educated guess as to the nature of the task this dataset will enable. Don't be afraid to be creative",
);

/**
 * DSPy's `ObservationSummarizer`: the last dataset-summary call.
 *
 * @example
 * await new Predict(OBSERVATION_SUMMARIZER, { n: 1, temperature: 1.0 }).call({ observations });
 */
export const OBSERVATION_SUMMARIZER: Signature = Signature.fromFields(
  {
    observations: InputField({ desc: "Observations I have made about my dataset" }),
    summary: OutputField({
      desc: "Two to Three sentence summary of only the most significant highlights of my observations",
    }),
  },
  "Given a series of observations I have made about my dataset, please summarize them into a brief 2-3 sentence summary which highlights only the most important details.",
);

// Python's `re` treats \w as Unicode word characters; JS needs the explicit class.
const LABEL_PREFIX = /^[*\s]*(?:[\p{L}\p{N}_'-]+\s+){0,4}[\p{L}\p{N}_'-]+:\s*/u;

/**
 * DSPy's `strip_prefix`: drops a leading label of up to five words ("Proposed Instruction: ") and
 * the double quotes around the result.
 *
 * @example
 * stripPrefix('Proposed Instruction: "Answer briefly."'); // "Answer briefly."
 */
export function stripPrefix(text: string): string {
  return text.replace(LABEL_PREFIX, "").replace(/^"+|"+$/g, "");
}
