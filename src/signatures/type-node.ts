/**
 * The types a signature field can have, modelled on the Python annotations DSPy accepts.
 *
 * One tree serves every consumer: prompt type names, JSON-schema notes, value parsing and XML
 * structure all walk a `TypeNode`, so a field declared as `"answer: list[int]"` and one declared
 * with `z.array(z.number().int())` behave the same.
 */
export type TypeNode =
  | { kind: "str" }
  | { kind: "int" }
  | { kind: "float" }
  | { kind: "bool" }
  | { kind: "none" }
  | { kind: "any" }
  /** `list`, `list[str]`; `args` holds what was written inside the brackets. */
  | { kind: "list"; args: TypeNode[] }
  /** `dict`, `dict[str, int]`. */
  | { kind: "dict"; args: TypeNode[] }
  /** `tuple[int, str]`, `tuple[int, ...]` (the `...` is an `ellipsis` node). */
  | { kind: "tuple"; args: TypeNode[] }
  | { kind: "ellipsis" }
  | { kind: "literal"; values: LiteralValue[] }
  /** A flattened, de-duplicated union; `Optional[X]` is `union[X, none]`. */
  | { kind: "union"; members: TypeNode[] }
  /** A pydantic-model-like object with named fields (from a Standard Schema object). */
  | { kind: "model"; name: string; fields: ModelField[]; description?: string | undefined }
  /** A Python `enum.Enum` equivalent: named members with values. */
  | { kind: "enum"; name: string; members: { name: string; value: string | number }[] }
  /** DSPy's special types (`dspy.History`, `dspy.Image`, ...). */
  | { kind: "special"; name: SpecialTypeName };

/** DSPy's own custom types that signatures can name. */
export type SpecialTypeName = "History" | "Image" | "Tool" | "ToolCalls" | "Reasoning";

/** A value allowed inside `Literal[...]`. */
export type LiteralValue = string | number | boolean | null;

/** A field of a {@link TypeNode} of kind `model`. */
export interface ModelField {
  name: string;
  type: TypeNode;
  /** Whether the field must be present (no default). */
  required: boolean;
  /** The default value when not required (JSON value). */
  default?: unknown;
  description?: string | undefined;
}

/** `str`, the type of a field written without an annotation. */
export const STR: TypeNode = { kind: "str" };

/**
 * Builds a union the way `typing.Union[...]` does: nested unions are flattened, duplicates
 * dropped, and a single remaining member is returned as itself.
 *
 * @example
 * makeUnion([{ kind: "int" }, { kind: "none" }]); // Optional[int]
 */
export function makeUnion(members: TypeNode[]): TypeNode {
  const flat: TypeNode[] = [];
  for (const member of members) {
    for (const inner of member.kind === "union" ? member.members : [member]) {
      if (!flat.some((existing) => typeEquals(existing, inner))) flat.push(inner);
    }
  }
  return flat.length === 1 ? (flat[0] as TypeNode) : { kind: "union", members: flat };
}

/**
 * Structural equality of two type trees (used for union de-duplication and signature equality).
 *
 * @example
 * typeEquals({ kind: "int" }, { kind: "int" }); // true
 */
export function typeEquals(a: TypeNode, b: TypeNode): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether the type admits `None`, as DSPy's `annotation_allows_none` decides.
 *
 * @example
 * allowsNone(makeUnion([{ kind: "str" }, { kind: "none" }])); // true
 */
export function allowsNone(type: TypeNode): boolean {
  if (type.kind === "none") return true;
  if (type.kind === "union") return type.members.some(allowsNone);
  return false;
}
