import { DSPyError } from "./dspy-error.js";

/** Where in a saved program a {@link ProgramStateError} was found. */
export interface ProgramStateErrorOptions {
  /** The predictor's saved name (`"generate.predict"`, `"self"` for a bare `Predict`). */
  predictor?: string;
  /** The offending key path inside the predictor's state, e.g. `"signature.fields[1].prefix"`. */
  field?: string;
  /** The Python exception DSPy 3.4.1 raises for the same file (`KeyError` for a missing key). */
  pythonType?: "KeyError" | "ValueError" | "NotImplementedError" | "RuntimeError";
  /** The underlying failure (e.g. the JSON syntax error). */
  cause?: unknown;
}

/**
 * A saved program (DSPy's `program.save("x.json")` layout) cannot be loaded into — or written
 * from — this program: not JSON, the wrong top-level shape, a predictor missing from the file,
 * or a predictor state that does not fit the predictor's signature. `predictor` and `field` say
 * where, so a caller can report it without parsing the message.
 *
 * @example
 * try { await program.load("program.json"); }
 * catch (e) { if (e instanceof ProgramStateError) console.error(e.predictor, e.field, e.message); }
 */
export class ProgramStateError extends DSPyError {
  /** The predictor's saved name, when the problem is inside one predictor's state. */
  readonly predictor: string | undefined;
  /** The key path inside that predictor's state, when one key is at fault. */
  readonly field: string | undefined;

  constructor(message: string, options: ProgramStateErrorOptions = {}) {
    super(message, {
      code: "invalid_program_state",
      pythonType: options.pythonType ?? "ValueError",
      cause: options.cause,
    });
    this.predictor = options.predictor;
    this.field = options.field;
  }
}
