import { describe, expect, it } from "vitest";
import type { Signature } from "../signatures/signature.js";
import golden from "./__fixtures__/mipro-signatures.json" with { type: "json" };
import {
  DATASET_DESCRIPTOR,
  DATASET_DESCRIPTOR_WITH_PRIOR,
  DESCRIBE_MODULE,
  DESCRIBE_PROGRAM,
  generateInstructionSignature,
  OBSERVATION_SUMMARIZER,
  stripPrefix,
} from "./mipro-signatures.js";

// The fixture is dumped from DSPy 3.4.1 (instructions, then [name, desc, role] per field).
const shape = (signature: Signature) => ({
  instructions: signature.instructions,
  fields: signature.fields.map((field) => [field.name, field.desc, field.role]),
});

describe("MIPROv2 proposer signatures", () => {
  it("match DSPy 3.4.1's prompt texts and field order", () => {
    expect(shape(DESCRIBE_PROGRAM)).toEqual(golden.DESCRIBE_PROGRAM);
    expect(shape(DESCRIBE_MODULE)).toEqual(golden.DESCRIBE_MODULE);
    expect(shape(DATASET_DESCRIPTOR)).toEqual(golden.DATASET_DESCRIPTOR);
    expect(shape(DATASET_DESCRIPTOR_WITH_PRIOR)).toEqual(golden.DATASET_DESCRIPTOR_WITH_PRIOR);
    expect(shape(OBSERVATION_SUMMARIZER)).toEqual(golden.OBSERVATION_SUMMARIZER);
  });

  it("builds GenerateSingleModuleInstruction with and without its optional inputs", () => {
    const all = { useDatasetSummary: true, programAware: true, useInstructHistory: true, useTip: true };
    expect(shape(generateInstructionSignature(all))).toEqual(golden.gen_all);
    const none = { useDatasetSummary: false, programAware: false, useInstructHistory: false, useTip: false };
    expect(shape(generateInstructionSignature(none))).toEqual(golden.gen_none);
  });

  it("strip_prefix behaves as DSPy's regex", () => {
    for (const [text, stripped] of golden.strip) expect(stripPrefix(text as string)).toBe(stripped);
  });
});
