import { isInt, numeric } from "../utils/py-float.js";
import { floatRepr, pyRepr } from "../utils/python-repr.js";
import type { LiteralValue } from "./type-node.js";

/**
 * pydantic-core's `LiteralLookup`: same-type matches first (bool, int, str, then None and
 * floats), then Python equality among bools and ints (`True == 1`). Returns the literal itself.
 *
 * @example
 * literalLookup([1, "a"], true); // { found: true, value: 1 }
 * literalLookup(["a"], "b"); // { found: false }
 */
export function literalLookup<V extends LiteralValue>(
  values: readonly V[],
  input: unknown,
): { found: boolean; value?: V } {
  const hit = (value: V | undefined) => (value === undefined ? undefined : { found: true, value });
  const sameType =
    typeof input === "boolean"
      ? values.find((value) => value === input)
      : isInt(input)
        ? values.find((value) => isInt(value) && value === input)
        : typeof input === "string"
          ? values.find((value) => value === input)
          : undefined;
  const byHash =
    input === null
      ? values.find((value) => value === null)
      : typeof input === "number"
        ? values.find((value) => typeof value === "number" && !isInt(value) && value === input)
        : undefined;
  const number = typeof input === "boolean" ? Number(input) : numeric(input);
  // A Python dict keyed by the literals: equal keys (1 and True) keep the later literal's slot.
  const byEquality =
    number === undefined
      ? undefined
      : values.findLast((value) => (typeof value === "boolean" || isInt(value)) && Number(value) === number);
  return hit(sameType) ?? hit(byHash) ?? hit(byEquality) ?? { found: false };
}

/**
 * Python's `repr()` of a literal value (a non-integral number as a float).
 *
 * @example
 * literalRepr("a"); // "'a'"
 * literalRepr(null); // "None"
 */
export function literalRepr(value: LiteralValue): string {
  return typeof value === "number" && !isInt(value) ? floatRepr(value) : pyRepr(value);
}

/**
 * pydantic's list of expected values in a literal or enum error: `'a', 'b' or 'c'`.
 *
 * @example
 * expectedText(["'a'", "'b'", "'c'"]); // "'a', 'b' or 'c'"
 */
export function expectedText(reprs: string[]): string {
  const last = reprs[reprs.length - 1] as string;
  return reprs.length === 1 ? last : `${reprs.slice(0, -1).join(", ")} or ${last}`;
}
