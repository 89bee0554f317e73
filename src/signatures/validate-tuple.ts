import type { ValidationIssue } from "../errors/validation-error.js";
import { isPythonTuple, markPythonTuple } from "../utils/py-tuple.js";
import { fail, LineErrors } from "./line-errors.js";
import type { TypeNode } from "./type-node.js";
import { validateItems } from "./validate-list.js";
import { Exactness, floor, type ValidateNested, type ValidationState } from "./validation-state.js";

const ANY: TypeNode = { kind: "any" };

/**
 * A tuple type's item types, and the index of the one repeated by `...` (`tuple[int, ...]`);
 * a bare `tuple` is `tuple[Any, ...]`.
 *
 * @example
 * tupleShape([{ kind: "int" }, { kind: "ellipsis" }]); // { items: [{ kind: "int" }], variadic: 0 }
 */
export function tupleShape(args: TypeNode[]): { items: TypeNode[]; variadic: number | undefined } {
  if (args.length === 0) return { items: [ANY], variadic: 0 };
  const ellipsis = args.findIndex((arg) => arg.kind === "ellipsis");
  if (ellipsis > 0) return { items: args.filter((arg) => arg.kind !== "ellipsis"), variadic: ellipsis - 1 };
  return { items: args, variadic: undefined };
}

/**
 * pydantic's `tuple[...]` validation: an array (a list only laxly) with the right number of
 * items, each validated against its position's type; the result is marked as a tuple.
 *
 * @example
 * validateTuple([{ kind: "int" }, { kind: "str" }], ["1", "a"], state, validate); // [1, "a"] (a tuple)
 */
export function validateTuple(
  args: TypeNode[],
  input: unknown,
  state: ValidationState,
  validate: ValidateNested,
): unknown[] {
  if (!Array.isArray(input)) throw fail("tuple_type", "Input should be a valid tuple", input);
  if (!isPythonTuple(input)) floor(state, Exactness.Lax);
  const { items, variadic } = tupleShape(args);
  const plan: [TypeNode, unknown, number][] = [];
  const missing: ValidationIssue[] = [];
  if (variadic === undefined) {
    items.forEach((type, index) => {
      if (index < input.length) plan.push([type, input[index], index]);
      else missing.push({ type: "missing", loc: [index], msg: "Field required", input });
    });
    if (input.length > items.length) {
      const max = items.length;
      // pydantic-core drops the item errors here: the length error alone is reported.
      const msg = `Tuple should have at most ${max} item${max === 1 ? "" : "s"} after validation, not ${input.length}`;
      throw fail("too_long", msg, input);
    }
  } else {
    const head = items.slice(0, variadic);
    const tail = items.slice(variadic + 1);
    const repeated = items[variadic] as TypeNode;
    const middleEnd = Math.max(head.length, input.length - tail.length);
    head.forEach((type, index) => {
      if (index < input.length) plan.push([type, input[index], index]);
      else missing.push({ type: "missing", loc: [index], msg: "Field required", input });
    });
    for (let index = head.length; index < middleEnd; index++) plan.push([repeated, input[index], index]);
    tail.forEach((type, offset) => {
      const index = middleEnd + offset;
      if (index < input.length) plan.push([type, input[index], index]);
      else missing.push({ type: "missing", loc: [index], msg: "Field required", input });
    });
  }
  let output: unknown[] = [];
  let issues: ValidationIssue[] = [];
  try {
    output = validateItems(plan, state, validate);
  } catch (error) {
    if (!(error instanceof LineErrors)) throw error;
    issues = error.issues;
  }
  issues = [...issues, ...missing];
  if (issues.length > 0) throw new LineErrors(issues);
  return markPythonTuple(output);
}
