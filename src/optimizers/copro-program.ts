import { DSPyError } from "../errors/dspy-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import { Predict } from "../predict/predict.js";
import { context as settingsContext } from "../predict/settings.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { Signature } from "../signatures/signature.js";
import type { Proposal } from "./copro-state.js";
import type { Program } from "./program.js";

/** One distinct program COPRO scored (DSPy's `candidate_programs` entry). */
export interface CoproCandidate<P extends Program = Program> {
  score: number;
  program: P;
  /** The instruction and prefix that were being tried when it was scored. */
  instruction: string;
  prefix: string;
  depth: number;
}

type SignedPredictor = { signature: Signature };

function signedPredictors(program: Program): SignedPredictor[] {
  return program.predictors().map((predictor, index) => {
    if (!("signature" in predictor)) {
      throw new DSPyError(`Predictor ${index} has no signature, so COPRO cannot set its instructions.`, {
        code: "invalid_program",
        pythonType: "AssertionError",
      });
    }
    return predictor as unknown as SignedPredictor;
  });
}

function lastField(signature: Signature) {
  const field = signature.fields.at(-1);
  if (!field) throw new DSPyError("COPRO needs signatures with at least one field.", { code: "invalid_program" });
  return field;
}

/**
 * Each predictor's instructions and last field's prefix (what COPRO edits), in predictor order.
 *
 * @example
 * predictorSignatures(new Predict("question -> answer")); // [["Given the fields `question`, …", "Answer:"]]
 */
export function predictorSignatures(program: Program): Proposal[] {
  return signedPredictors(program).map(({ signature }) => [signature.instructions, lastField(signature).prefix]);
}

/**
 * A copy of `program` whose predictors have these instructions and last-field prefixes
 * (`with_instructions(...).with_updated_fields(last_key, prefix=...)`, as DSPy sets them).
 *
 * @example
 * applyProposals(student, [["Answer in one word.", "Answer:"]]);
 */
export function applyProposals<P extends Program>(program: P, proposals: readonly Proposal[]): P {
  const copy = deepcopyModule(program);
  signedPredictors(copy).forEach((predictor, index) => {
    const [instruction, prefix] = proposals[index] as Proposal;
    const updated = predictor.signature.withInstructions(instruction);
    predictor.signature = updated.withUpdatedFields(lastField(updated).name, { prefix });
  });
  return copy;
}

/**
 * One proposal request: `Predict(signature, n, temperature)` on the prompt model (or the LM in
 * context), read as (instruction, prefix) pairs, one per completion.
 *
 * @example
 * await propose(BASIC_GENERATE_INSTRUCTION, 9, 1.4, promptModel, { basic_instruction: "Answer." });
 */
export async function propose(
  signature: Signature,
  n: number,
  temperature: number,
  promptModel: BaseLM | undefined,
  inputs: Record<string, unknown>,
): Promise<Proposal[]> {
  const predict = new Predict(signature, { n, temperature });
  const call = () => predict.call(inputs);
  const prediction = await (promptModel ? settingsContext({ lm: promptModel }, call) : call());
  return prediction.completions.map(
    (completion) =>
      [String(completion.proposed_instruction), String(completion.proposed_prefix_for_output_field)] as Proposal,
  );
}
