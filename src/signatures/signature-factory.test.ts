import { describe, expect, it } from "vitest";
import { Signature } from "./signature.js";
import { signature } from "./signature-factory.js";

describe("signature()", () => {
  it("builds the same signature as the constructor", () => {
    const typed = signature("question, context: list[str] -> answer: int", "Answer.");
    expect(typed).toBeInstanceOf(Signature);
    expect(typed.equals(new Signature("question, context: list[str] -> answer: int", "Answer."))).toBe(true);
    expect(typed.instructions).toBe("Answer.");
  });

  it("uses DSPy's default instructions", () => {
    expect(signature("a, b -> c").instructions).toBe("Given the fields `a`, `b`, produce the fields `c`.");
  });
});
