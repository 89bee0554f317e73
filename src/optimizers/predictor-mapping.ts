import { DSPyError } from "../errors/dspy-error.js";
import type { Module } from "../primitives/module.js";
import { demoPredictors } from "./predictor-demos.js";

/**
 * DSPy's `_prepare_predictor_mappings`: checks that student and teacher have the same structure
 * (same predictor names, equal signatures, distinct objects) and maps each predictor object of
 * either program to its name, so a trace step can be attributed to the student predictor that
 * should receive it as a demo.
 *
 * @example
 * const names = predictorNames(student, teacher);
 * names.get(teacher.predictors()[0]); // "predict"
 */
export function predictorNames(student: Module, teacher: Module): Map<object, string> {
  const studentPredictors = demoPredictors(student);
  const teacherPredictors = demoPredictors(teacher);
  if (studentPredictors.length !== teacherPredictors.length) {
    throw assertion("Student and teacher must have the same number of predictors.");
  }
  const names = new Map<object, string>();
  studentPredictors.forEach(([name, predictor], index) => {
    const [teacherName, teacherPredictor] = teacherPredictors[index] as (typeof teacherPredictors)[number];
    if (name !== teacherName) throw assertion("Student and teacher must have the same program structure.");
    const a = (predictor as { signature?: { equals?(other: unknown): boolean } }).signature;
    const b = (teacherPredictor as { signature?: unknown }).signature;
    if (!(a?.equals ? a.equals(b) : a === b)) {
      throw assertion(`Student and teacher must have the same signatures (predictor '${name}' differs).`);
    }
    if (predictor === teacherPredictor) throw assertion("Student and teacher must be different objects.");
    names.set(predictor, name);
    names.set(teacherPredictor, name);
  });
  return names;
}

// DSPy checks these with `assert`, so Python reports them as AssertionError.
function assertion(message: string): DSPyError {
  return new DSPyError(message, { code: "invalid_program", pythonType: "AssertionError" });
}
