import { literalRepr } from "./literal-lookup.js";
import type { TypeNode } from "./type-node.js";
import { tupleShape } from "./validate-tuple.js";

const ANY: TypeNode = { kind: "any" };

/**
 * pydantic-core's name for a type's validator: the `for ...` title of its errors and the
 * location label of union members (`list[int]`, `dict[str,int]`, `nullable[int]`,
 * `union[int,str]`, `literal['a','b']`, `enum[Color]`, `tuple[int, ...]`, a model's name).
 *
 * @example
 * validatorName(parseTypeExpression("Optional[list[int]]")); // "nullable[list[int]]"
 */
export function validatorName(type: TypeNode): string {
  switch (type.kind) {
    case "str":
    case "int":
    case "float":
    case "bool":
    case "none":
    case "any":
      return type.kind;
    case "ellipsis":
      return "ellipsis";
    case "list":
      return `list[${validatorName(type.args[0] ?? ANY)}]`;
    case "dict":
      return `dict[${validatorName(type.args[0] ?? ANY)},${validatorName(type.args[1] ?? ANY)}]`;
    case "tuple": {
      const { items, variadic } = tupleShape(type.args);
      const names = items.map(validatorName);
      if (variadic !== undefined) names.splice(variadic + 1, 0, "...");
      return `tuple[${names.join(", ")}]`;
    }
    case "literal":
      return `literal[${type.values.map(literalRepr).join(",")}]`;
    case "union": {
      const choices = type.members.filter((member) => member.kind !== "none");
      const inner =
        choices.length === 1 ? validatorName(choices[0] as TypeNode) : `union[${choices.map(validatorName).join(",")}]`;
      return choices.length < type.members.length ? `nullable[${inner}]` : inner;
    }
    case "model":
      return type.name;
    case "enum":
      return `enum[${type.name}]`;
    case "special":
      return type.name;
  }
}
