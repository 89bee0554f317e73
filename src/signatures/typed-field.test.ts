import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { Signature } from "./signature.js";
import { typeName } from "./type-name.js";
import { input, output, type TypedFieldDeclaration } from "./typed-field.js";

describe("input / output", () => {
  const Summary = z.object({ headline: z.string(), score: z.number() }).meta({ title: "Summary" });

  it("fills type and schema from a zod value", () => {
    const declaration = output(Summary, { desc: "a short summary" });
    expect(declaration.role).toBe("output");
    expect(declaration.desc).toBe("a short summary");
    expect(declaration.schema).toBe(Summary);
    expect(typeName(declaration.type ?? { kind: "str" })).toBe("Summary");
    expectTypeOf(declaration).toEqualTypeOf<TypedFieldDeclaration<{ headline: string; score: number }>>();
  });

  it("names untitled objects with typeName and leaves it out of the declaration", () => {
    const declaration = input(z.object({ a: z.string() }), { typeName: "Query" });
    expect(declaration.role).toBe("input");
    expect(declaration.type).toMatchObject({ kind: "model", name: "Query" });
    expect("typeName" in declaration).toBe(false);
  });

  it("accepts plain JSON Schema, with no validator", () => {
    const declaration = output({ type: "array", items: { type: "integer" } });
    expect(typeName(declaration.type ?? { kind: "str" })).toBe("list[int]");
    expect(declaration.schema).toBeUndefined();
  });

  it("builds signature fields", () => {
    const signature = Signature.fromFields({ text: input(z.string()), summary: output(Summary) });
    expect(signature.fields.map((field) => [field.name, typeName(field.type)])).toEqual([
      ["text", "str"],
      ["summary", "Summary"],
    ]);
  });
});
