import type { TypeNode } from "./type-node.js";

/*
 * The state pydantic-core threads through a validation: smart-mode unions try every member and
 * keep the most exact match, so each validator reports how exact its match was.
 */

/**
 * pydantic-core's `Exactness`, ordered: a higher value is a better union match (exact: right
 * type, no coercion; strict: right type family; lax: coerced).
 *
 * @example
 * Exactness.Strict < Exactness.Exact; // true
 */
export const Exactness = { Lax: 0, Strict: 1, Exact: 2 } as const;
/**
 * One of the {@link Exactness} levels.
 *
 * @example
 * const level: Exactness = Exactness.Lax;
 */
export type Exactness = (typeof Exactness)[keyof typeof Exactness];

/**
 * pydantic-core's `ValidationState`: how exact the match so far is (`undefined` outside any
 * union), and how many model fields were set.
 *
 * @example
 * const state: ValidationState = { exactness: Exactness.Exact, fieldsSet: undefined };
 */
export interface ValidationState {
  exactness: Exactness | undefined;
  fieldsSet: number | undefined;
}

/**
 * Validates a nested value against its type: the dispatcher of `validateValue`, handed to the
 * validators of containers, unions and models so they can recurse without importing it.
 *
 * @example
 * const items = (validate: ValidateNested, state: ValidationState) => [1, "2"].map((item) => validate({ kind: "int" }, item, state));
 */
export type ValidateNested = (type: TypeNode, input: unknown, state: ValidationState) => unknown;

/**
 * Lowers the state's exactness to `exactness` (inside a union; outside one it stays unset).
 *
 * @example
 * const state: ValidationState = { exactness: Exactness.Exact, fieldsSet: undefined };
 * floor(state, Exactness.Lax); // state.exactness is now Exactness.Lax
 */
export function floor(state: ValidationState, exactness: Exactness): void {
  if (state.exactness !== undefined && exactness < state.exactness) state.exactness = exactness;
}
