import { ProgramStateError } from "../errors/program-state-error.js";
import { isPlainObject } from "../utils/plain-object.js";
import type { Module, Parameter, PredictorState } from "./module.js";

/**
 * Pairs each predictor of `program` with its state from a saved program (DSPy's
 * `program.dump_state()` layout, or the whole file for a bare `Predict`, which DSPy saves
 * unkeyed), checking every state before the caller applies any — so loading is all or nothing,
 * as DSPy's trial run on a deep copy makes it.
 *
 * Checked, with the predictor's name and the key in the error: the state exists and is an
 * object; `signature` has string `instructions` and one `{prefix, description}` per field of the
 * predictor's signature; `demos`, `traces` and `train` are lists (demos of objects); `lm` is
 * `null` or an object. DSPy zips fields by position and silently ignores a count mismatch; we
 * refuse it, since it means the file belongs to a different program. Keys we cannot honour —
 * the ≤2.5 `extended_signature`, 3.4's per-output `fields` overrides — are refused too rather
 * than dropped.
 *
 * @example
 * for (const [predictor, saved] of predictorStates(program, JSON.parse(text))) predictor.loadState(saved);
 */
export function predictorStates(program: Module, state: unknown): [Parameter, PredictorState][] {
  if (!isPlainObject(state)) {
    throw new ProgramStateError(
      `A saved program must be a JSON object keyed by predictor name, but got ${describe(state)}.`,
    );
  }
  const named = program.namedPredictors();
  // A bare predictor saves its own state unkeyed (its dump_state is Predict.dump_state).
  const targets: [string, Parameter & Module, unknown][] =
    named[0]?.[0] === "self" && named[0][1] === program
      ? [["self", named[0][1], state]]
      : named.map(([name, predictor]) => [name, predictor, state[name]]);
  const available = Object.keys(state).filter((key) => key !== "metadata");
  return targets.map(([name, predictor, saved]) => [predictor, checkPredictorState(name, predictor, saved, available)]);
}

function checkPredictorState(name: string, predictor: Module, saved: unknown, available: string[]): PredictorState {
  if (saved === undefined) {
    const keys = available.length ? available.map((key) => `'${key}'`).join(", ") : "none";
    throw new ProgramStateError(
      `The saved program has no state for predictor '${name}' (predictor keys in the file: ${keys}).`,
      { predictor: name, pythonType: "KeyError" },
    );
  }
  const fail = (field: string, problem: string, pythonType: "KeyError" | "ValueError" = "ValueError"): never => {
    throw new ProgramStateError(`Saved state for predictor '${name}': ${field ? `'${field}' ` : ""}${problem}`, {
      predictor: name,
      field,
      pythonType,
    });
  };
  if (!isPlainObject(saved)) return fail("", `must be an object, but is ${describe(saved)}.`);
  if ("extended_signature" in saved) {
    throw new ProgramStateError(
      `Saved state for predictor '${name}': loading extended_signature is no longer supported in DSPy 2.6+.`,
      { predictor: name, field: "extended_signature", pythonType: "NotImplementedError" },
    );
  }
  if (isPlainObject(saved.fields) && Object.keys(saved.fields).length > 0) {
    fail("fields", "holds DSPy 3.4 per-output decision settings, which dspy-typescript cannot apply.");
  }
  if (!("signature" in saved)) fail("signature", "is missing.", "KeyError");
  const signature = saved.signature;
  if (!isPlainObject(signature)) return fail("signature", `must be an object, but is ${describe(signature)}.`);
  if (typeof signature.instructions !== "string") {
    fail("signature.instructions", `must be a string, but is ${describe(signature.instructions)}.`);
  }
  if (!Array.isArray(signature.fields)) {
    return fail("signature.fields", `must be a list, but is ${describe(signature.fields)}.`);
  }
  const expected = (predictor as { signature?: { fields: readonly { name: string }[] } }).signature?.fields;
  if (expected && expected.length !== signature.fields.length) {
    fail(
      "signature.fields",
      `has ${signature.fields.length} entries, but the predictor's signature has ${expected.length} fields ` +
        `(${expected.map((field) => field.name).join(", ")}); the file belongs to a different program.`,
    );
  }
  for (const [index, field] of (signature.fields as unknown[]).entries()) {
    const at = `signature.fields[${index}]`;
    if (!isPlainObject(field)) return fail(at, `must be an object, but is ${describe(field)}.`);
    for (const key of ["prefix", "description"]) {
      if (!(key in field)) fail(`${at}.${key}`, "is missing.", "KeyError");
      if (typeof field[key] !== "string") fail(`${at}.${key}`, `must be a string, but is ${describe(field[key])}.`);
    }
  }
  for (const key of ["demos", "traces", "train"]) {
    if (key in saved && !Array.isArray(saved[key])) fail(key, `must be a list, but is ${describe(saved[key])}.`);
  }
  for (const [index, demo] of ((saved.demos ?? []) as unknown[]).entries()) {
    if (!isPlainObject(demo)) fail(`demos[${index}]`, `must be an object, but is ${describe(demo)}.`);
  }
  if (saved.lm !== undefined && saved.lm !== null && !isPlainObject(saved.lm)) {
    fail("lm", `must be null or an object, but is ${describe(saved.lm)}.`);
  }
  return saved;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value} (${JSON.stringify(value)?.slice(0, 40)})`;
}
