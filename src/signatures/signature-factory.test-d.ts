import { describe, expectTypeOf, it } from "vitest";
import type { Signature } from "./signature.js";
import { signature } from "./signature-factory.js";

describe("signature()", () => {
  it("types inputs and outputs from the string", () => {
    const qa = signature("question, context: list[str] -> answer: int, ok: bool");
    expectTypeOf(qa).toEqualTypeOf<
      Signature<{ question: string; context: string[] }, { answer: number; ok: boolean }>
    >();
    expectTypeOf(qa).not.toEqualTypeOf<Signature<{ question: string }, { answer: string }>>();
  });

  it("keeps literal choices", () => {
    const classify = signature("text -> label: Literal['pos', 'neg'], score: Optional[float]", "Classify.");
    expectTypeOf(classify).toEqualTypeOf<Signature<{ text: string }, { label: "pos" | "neg"; score: number | null }>>();
    expectTypeOf(classify).not.toEqualTypeOf<Signature<{ text: string }, { label: string; score: number | null }>>();
  });
});
