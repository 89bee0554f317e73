import { InputField, OutputField } from "../signatures/field.js";
import { Signature } from "../signatures/signature.js";

// The four signatures of dspy/evaluate/auto_evaluation.py, field for field. Their instructions
// are the class docstrings after inspect.cleandoc, and every type and description is part of the
// prompt, so they are copied verbatim.

const STR = { kind: "str" } as const;
const FLOAT = { kind: "float" } as const;
const input = () => InputField({ type: STR });
const text = (desc: string) => OutputField({ desc, type: STR });
const fraction = (desc: string) => OutputField({ desc, type: FLOAT });

const RECALL = "fraction (out of 1.0) of ground truth covered by the system response";
const PRECISION = "fraction (out of 1.0) of system response covered by the ground truth";
const GROUND_TRUTH_IDEAS = "enumeration of key ideas in the ground truth";
const SYSTEM_IDEAS = "enumeration of key ideas in the system response";
const DISCUSSION = "discussion of the overlap between ground truth and system response";

/**
 * DSPy's `SemanticRecallPrecision` (used by `SemanticF1`).
 *
 * @example
 * new ChainOfThought(semanticRecallPrecision());
 */
export function semanticRecallPrecision(): Signature {
  return Signature.fromFields(
    {
      question: input(),
      ground_truth: input(),
      system_response: input(),
      recall: fraction(RECALL),
      precision: fraction(PRECISION),
    },
    "Compare a system's response to the ground truth to compute its recall and precision.\n" +
      "If asked to reason, enumerate key ideas in each response, and whether they are present in the other response.",
  );
}

/**
 * DSPy's `DecompositionalSemanticRecallPrecision` (`SemanticF1({ decompositional: true })`).
 *
 * @example
 * decompositionalSemanticRecallPrecision().outputFields.map((field) => field.name);
 */
export function decompositionalSemanticRecallPrecision(): Signature {
  return Signature.fromFields(
    {
      question: input(),
      ground_truth: input(),
      system_response: input(),
      ground_truth_key_ideas: text(GROUND_TRUTH_IDEAS),
      system_response_key_ideas: text(SYSTEM_IDEAS),
      discussion: text(DISCUSSION),
      recall: fraction(RECALL),
      precision: fraction(PRECISION),
    },
    "Compare a system's response to the ground truth to compute recall and precision of key ideas.\n" +
      "You will first enumerate key ideas in each response, discuss their overlap, and then report recall and precision.",
  );
}

/**
 * DSPy's `AnswerCompleteness` (used by `CompleteAndGrounded`).
 *
 * @example
 * answerCompleteness().instructions;
 */
export function answerCompleteness(): Signature {
  return Signature.fromFields(
    {
      question: input(),
      ground_truth: input(),
      system_response: input(),
      ground_truth_key_ideas: text(GROUND_TRUTH_IDEAS),
      system_response_key_ideas: text(SYSTEM_IDEAS),
      discussion: text(DISCUSSION),
      completeness: fraction(RECALL),
    },
    "Estimate the completeness of a system's responses, against the ground truth.\n" +
      "You will first enumerate key ideas in each response, discuss their overlap, and then report completeness.",
  );
}

/**
 * DSPy's `AnswerGroundedness` (used by `CompleteAndGrounded`).
 *
 * @example
 * answerGroundedness().inputFields.map((field) => field.name); // ["question", "retrieved_context", "system_response"]
 */
export function answerGroundedness(): Signature {
  return Signature.fromFields(
    {
      question: input(),
      retrieved_context: input(),
      system_response: input(),
      system_response_claims: text("enumeration of non-trivial or check-worthy claims in the system response"),
      discussion: text("discussion of how supported the claims are by the retrieved context"),
      groundedness: fraction("fraction (out of 1.0) of system response supported by the retrieved context"),
    },
    "Estimate the groundedness of a system's responses, against real retrieved documents written by people.\n" +
      "You will first enumerate whatever non-trivial or check-worthy claims are made in the system response, and then\n" +
      "discuss the extent to which some or all of them can be deduced from the retrieved context and basic commonsense.",
  );
}
