/**
 * The one base class of every error dspy-typescript raises on purpose.
 *
 * Each subclass carries a stable `code` (safe to switch on) and the name of the Python DSPy
 * exception it mirrors (`pythonType`), so results can be compared with Python DSPy's.
 *
 * @example
 * try { new Signature("a -> b -> c"); } catch (e) { if (e instanceof DSPyError) console.log(e.code); }
 */
export class DSPyError extends Error {
  /** Stable machine-readable code, e.g. `"signature_error"`. */
  readonly code: string;
  /** The Python exception class DSPy raises in the same situation, e.g. `"ValueError"`. */
  readonly pythonType: string;

  constructor(message: string, options: { code: string; pythonType?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.pythonType = options.pythonType ?? "ValueError";
  }
}
