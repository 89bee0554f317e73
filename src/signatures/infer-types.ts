/**
 * Compile-time types read from a string signature, so `signature("q -> answer: int")` knows
 * its output `answer` is a `number`. Mirrors the runtime parser for the annotations DSPy
 * accepts; anything it does not recognise becomes `unknown` rather than a wrong type.
 */

type Whitespace = " " | "\n" | "\t" | "\r";

/** Strips surrounding whitespace from a string literal type. */
type Trim<S extends string> = S extends `${Whitespace}${infer Rest}`
  ? Trim<Rest>
  : S extends `${infer Rest}${Whitespace}`
    ? Trim<Rest>
    : S;

type Pop<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : [];

/**
 * Splits on a separator outside brackets and quotes (`"a: dict[str, int], b"` on `,`), so
 * commas inside `dict[...]` or `Literal['x, y']` stay put. Tail-recursive, one character a step.
 */
type SplitTop<
  S extends string,
  Sep extends string,
  Depth extends unknown[] = [],
  Quote extends string = "",
  Current extends string = "",
  Parts extends string[] = [],
> = S extends `${infer C}${infer Rest}`
  ? Quote extends ""
    ? C extends "'" | '"'
      ? SplitTop<Rest, Sep, Depth, C, `${Current}${C}`, Parts>
      : C extends "[" | "("
        ? SplitTop<Rest, Sep, [...Depth, 0], "", `${Current}${C}`, Parts>
        : C extends "]" | ")"
          ? SplitTop<Rest, Sep, Pop<Depth>, "", `${Current}${C}`, Parts>
          : C extends Sep
            ? Depth extends []
              ? SplitTop<Rest, Sep, Depth, "", "", [...Parts, Current]>
              : SplitTop<Rest, Sep, Depth, "", `${Current}${C}`, Parts>
            : SplitTop<Rest, Sep, Depth, "", `${Current}${C}`, Parts>
    : C extends "\\"
      ? Rest extends `${infer Escaped}${infer After}`
        ? SplitTop<After, Sep, Depth, Quote, `${Current}${C}${Escaped}`, Parts>
        : [...Parts, `${Current}${C}`]
      : SplitTop<Rest, Sep, Depth, C extends Quote ? "" : Quote, `${Current}${C}`, Parts>
  : [...Parts, Current];

/** The TypeScript value type of one Python annotation (`list[int]` → `number[]`). */
export type InferType<T extends string> = ParseUnion<SplitTop<Trim<T>, "|">>;

type ParseUnion<Parts extends string[]> = Parts extends [infer Only extends string]
  ? ParseSingle<Trim<Only>>
  : { [K in keyof Parts]: InferType<Parts[K] & string> }[number];

type ParseSingle<T extends string> = T extends `typing.${infer Rest}`
  ? ParseSingle<Rest>
  : T extends keyof SimpleTypes
    ? SimpleTypes[T]
    : T extends `${infer Base}[${infer Args}]`
      ? ParseGeneric<Trim<Base>, SplitTop<Args, ",">>
      : unknown;

interface SimpleTypes {
  str: string;
  int: number;
  float: number;
  bool: boolean;
  None: null;
  NoneType: null;
  Any: unknown;
  list: unknown[];
  List: unknown[];
  tuple: unknown[];
  Tuple: unknown[];
  dict: Record<string, unknown>;
  Dict: Record<string, unknown>;
}

type ParseGeneric<Base extends string, Args extends string[]> = Base extends "list" | "List"
  ? InferType<Args[0] & string>[]
  : Base extends "dict" | "Dict"
    ? Record<string, InferType<Args[1] & string>>
    : Base extends "tuple" | "Tuple"
      ? ParseTuple<Args>
      : Base extends "Optional"
        ? InferType<Args[0] & string> | null
        : Base extends "Union"
          ? { [K in keyof Args]: InferType<Args[K] & string> }[number]
          : Base extends "Literal"
            ? { [K in keyof Args]: ParseLiteral<Trim<Args[K] & string>> }[number]
            : unknown;

type ParseTuple<Args extends string[]> = Args extends [infer Item extends string, infer Rest extends string]
  ? Trim<Rest> extends "..."
    ? InferType<Item>[]
    : [InferType<Item>, InferType<Rest>]
  : { -readonly [K in keyof Args]: InferType<Args[K] & string> };

type ParseLiteral<V extends string> = V extends `'${infer Text}'` | `"${infer Text}"`
  ? Text
  : V extends "True"
    ? true
    : V extends "False"
      ? false
      : V extends "None"
        ? null
        : V extends `${infer N extends number}`
          ? N
          : unknown;

/** One parameter (`"context: list[str]"`) as a `[name, type]` pair; no annotation means `str`. */
type ParseParameter<P extends string> = P extends `${infer Name}:${infer Type}`
  ? [Trim<Name>, InferType<Type>]
  : [Trim<P>, string];

type FieldsOf<Side extends string> = ToObject<
  {
    [K in keyof SplitTop<Side, ",">]: Trim<SplitTop<Side, ",">[K] & string> extends ""
      ? never
      : ParseParameter<Trim<SplitTop<Side, ",">[K] & string>>;
  }[number]
>;

type ToObject<Entry> = [Entry] extends [never]
  ? // biome-ignore lint/complexity/noBannedTypes: a side with no fields has no keys
    {}
  : {
      [E in Entry as E extends [infer Name extends string, unknown] ? Name : never]: E extends [string, infer V]
        ? V
        : never;
    };

/**
 * The input fields of a string signature as an object type.
 *
 * @example
 * type In = InferInputs<"question, context: list[str] -> answer">; // { question: string; context: string[] }
 */
export type InferInputs<S extends string> = S extends `${infer Inputs}->${string}` ? FieldsOf<Inputs> : never;

/**
 * The output fields of a string signature as an object type.
 *
 * @example
 * type Out = InferOutputs<"question -> answer: int, ok: bool">; // { answer: number; ok: boolean }
 */
export type InferOutputs<S extends string> = S extends `${string}->${infer Outputs}` ? FieldsOf<Outputs> : never;

/**
 * Both sides of a string signature.
 *
 * @example
 * type Sig = InferSignature<"question -> answer: Literal['yes', 'no']">;
 * // { inputs: { question: string }; outputs: { answer: "yes" | "no" } }
 */
export type InferSignature<S extends string> = { inputs: InferInputs<S>; outputs: InferOutputs<S> };
