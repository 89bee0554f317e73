import { Example } from "../primitives/example.js";
import { Module } from "../primitives/module.js";
import { isPlainObject, setOwn } from "../utils/plain-object.js";

/**
 * DSPy's `module.deepcopy()`: a copy of a program whose modules, predictors, demo lists and
 * configs are independent of the original, so BestOfN and Refine can give each attempt its own
 * LM without touching the user's program (which may be running concurrently elsewhere).
 *
 * Copied: every `Module` (same class, own properties copied), arrays, `Map`s and plain objects,
 * recursively. Shared: everything else — LMs, signatures and examples (immutable here),
 * functions, and other class instances such as retriever clients, since copying a network client
 * would be wrong. Objects reachable twice stay shared in the copy, as Python's `deepcopy` memo
 * keeps them. A module that defines its own `deepcopy()` (e.g. one holding `#private` state,
 * which no outside copy can reach) is copied with it.
 *
 * @example
 * const copy = deepcopyModule(program);
 * setLM(copy, rolloutLM(lm, 1)); // program's predictors keep their LM
 */
export function deepcopyModule<M extends Module>(module: M): M {
  return copyValue(module, new Map()) as M;
}

function copyValue(value: unknown, memo: Map<object, unknown>): unknown {
  if (value === null || typeof value !== "object") return value;
  const known = memo.get(value);
  if (known !== undefined) return known;
  if (value instanceof Module) {
    const own = (value as { deepcopy?: () => unknown }).deepcopy;
    if (typeof own === "function") return remember(memo, value, own.call(value));
    const copy = remember(memo, value, Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>);
    // Own property descriptors keep getters, read-only flags and non-enumerable fields intact.
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
      if ("value" in descriptor) descriptor.value = copyValue(descriptor.value, memo);
      Object.defineProperty(copy, key, descriptor);
    }
    return copy;
  }
  if (Array.isArray(value)) {
    const copy = remember(memo, value, [] as unknown[]);
    for (const item of value) copy.push(copyValue(item, memo));
    return copy;
  }
  if (value instanceof Map) {
    const copy = remember(memo, value, new Map<unknown, unknown>());
    for (const [key, item] of value) copy.set(key, copyValue(item, memo));
    return copy;
  }
  if (value instanceof Example) return value;
  if (isPlainObject(value)) {
    const copy = remember(memo, value, Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>);
    for (const [key, item] of Object.entries(value)) setOwn(copy, key, copyValue(item, memo));
    return copy;
  }
  return value;
}

function remember<T>(memo: Map<object, unknown>, original: object, copy: T): T {
  memo.set(original, copy);
  return copy;
}
