import { isPlainObject, setOwn } from "../utils/plain-object.js";
import { Example } from "./example.js";
import { Module } from "./module.js";

/**
 * DSPy's `module.deepcopy()`: a copy of a program whose modules, predictors, demo lists and
 * configs are independent of the original, so an optimizer can give the copy demos, or BestOfN
 * and Refine an attempt its own LM, without touching the user's program.
 *
 * What is copied: every `Module` (same class, own properties copied), arrays, `Map`s and plain
 * objects, recursively. What is shared: everything else — LMs, signatures and examples (all
 * immutable here), functions, and other class instances such as retriever clients — because
 * copying a network client would be wrong and these are never mutated by optimizers. Objects
 * reachable twice stay shared in the copy, as Python's `deepcopy` memo keeps them. A module that
 * defines its own `deepcopy()` (e.g. one holding `#private` state) is copied with it.
 *
 * @example
 * const copy = deepcopyModule(program);
 * copy.predictors()[0]!.demos = [];   // program's demos are untouched
 */
export function deepcopyModule<M extends Module>(module: M): M {
  return copyValue(module, new Map()) as M;
}

/**
 * DSPy's `module.reset_copy()`: a deep copy with every predictor reset (no demos, no LM, no
 * traces). Predictors of compiled sub-modules are frozen and stay as they were.
 *
 * @example
 * const blank = resetCopy(compiledProgram);
 * blank.predictors().every((p) => (p as Predict).demos.length === 0); // true
 */
export function resetCopy<M extends Module>(module: M): M {
  const copy = deepcopyModule(module);
  for (const predictor of copy.predictors()) predictor.reset();
  return copy;
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
