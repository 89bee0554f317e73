import { describe, expectTypeOf, it } from "vitest";
import type { InferInputs, InferOutputs, InferSignature, InferType } from "./infer-types.js";

describe("InferSignature", () => {
  it("reads both sides", () => {
    expectTypeOf<InferSignature<"question, context: list[str] -> answer: int, ok: bool">>().toEqualTypeOf<{
      inputs: { question: string; context: string[] };
      outputs: { answer: number; ok: boolean };
    }>();
  });

  it("treats untyped fields as strings and tolerates whitespace", () => {
    expectTypeOf<InferInputs<"  a ,b:int,\n c :  list[ float ]  -> x">>().toEqualTypeOf<{
      a: string;
      b: number;
      c: number[];
    }>();
    expectTypeOf<InferOutputs<"a->b">>().toEqualTypeOf<{ b: string }>();
    // biome-ignore lint/complexity/noBannedTypes: a side with no fields is the empty object type
    expectTypeOf<InferInputs<"-> b">>().toEqualTypeOf<{}>();
  });

  it("keeps commas inside brackets and quotes", () => {
    expectTypeOf<InferOutputs<"q -> d: dict[str, int], l: Literal['a, b', 'c']">>().toEqualTypeOf<{
      d: Record<string, number>;
      l: "a, b" | "c";
    }>();
  });
});

describe("InferType", () => {
  it("maps scalars", () => {
    expectTypeOf<InferType<"str">>().toEqualTypeOf<string>();
    expectTypeOf<InferType<"int">>().toEqualTypeOf<number>();
    expectTypeOf<InferType<"float">>().toEqualTypeOf<number>();
    expectTypeOf<InferType<"bool">>().toEqualTypeOf<boolean>();
    expectTypeOf<InferType<"None">>().toEqualTypeOf<null>();
    expectTypeOf<InferType<"typing.Any">>().toEqualTypeOf<unknown>();
  });

  it("maps containers", () => {
    expectTypeOf<InferType<"list[list[int]]">>().toEqualTypeOf<number[][]>();
    expectTypeOf<InferType<"List[str]">>().toEqualTypeOf<string[]>();
    expectTypeOf<InferType<"list">>().toEqualTypeOf<unknown[]>();
    expectTypeOf<InferType<"dict[str, list[bool]]">>().toEqualTypeOf<Record<string, boolean[]>>();
    expectTypeOf<InferType<"dict">>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<InferType<"tuple[int, str]">>().toEqualTypeOf<[number, string]>();
    expectTypeOf<InferType<"tuple[int, str, bool]">>().toEqualTypeOf<[number, string, boolean]>();
    expectTypeOf<InferType<"tuple[int, ...]">>().toEqualTypeOf<number[]>();
  });

  it("maps optionals, unions and literals", () => {
    expectTypeOf<InferType<"Optional[int]">>().toEqualTypeOf<number | null>();
    expectTypeOf<InferType<"int | None">>().toEqualTypeOf<number | null>();
    expectTypeOf<InferType<"Union[str, list[int]]">>().toEqualTypeOf<string | number[]>();
    expectTypeOf<InferType<"Literal['a', 'b']">>().toEqualTypeOf<"a" | "b">();
    expectTypeOf<InferType<'Literal["x", 1, -2, True, None]'>>().toEqualTypeOf<"x" | 1 | -2 | true | null>();
    expectTypeOf<InferType<"Optional[Literal['yes', 'no']]">>().toEqualTypeOf<"yes" | "no" | null>();
  });

  it("gives unknown for names it does not know", () => {
    expectTypeOf<InferType<"MyModel">>().toEqualTypeOf<unknown>();
    expectTypeOf<InferType<"dspy.Image">>().toEqualTypeOf<unknown>();
    expectTypeOf<InferType<"list[MyModel]">>().toEqualTypeOf<unknown[]>();
  });

  it("does not confuse types (negative cases)", () => {
    expectTypeOf<InferType<"int">>().not.toEqualTypeOf<string>();
    expectTypeOf<InferType<"list[int]">>().not.toEqualTypeOf<string[]>();
    expectTypeOf<InferType<"Optional[int]">>().not.toEqualTypeOf<number>();
    expectTypeOf<InferType<"Literal['a', 'b']">>().not.toEqualTypeOf<string>();
    expectTypeOf<InferType<"tuple[int, ...]">>().not.toEqualTypeOf<[number]>();
    expectTypeOf<InferType<"MyModel">>().not.toEqualTypeOf<string>();
    expectTypeOf<InferOutputs<"q -> a: int">>().not.toEqualTypeOf<{ a: string }>();
    expectTypeOf<InferInputs<"q, r -> a">>().not.toEqualTypeOf<{ q: string }>();
  });
});
